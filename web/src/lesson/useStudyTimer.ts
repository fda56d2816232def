// Study time for the learner's dashboard: the lesson's opening, then the seconds the page was
// visible, reported every 30 s and when the student leaves (learning's recordLessonActivity,
// which credits no more than the wall time since the last report).
import { useEffect } from 'react';
import { useMutation } from 'urql';
import { RecordLessonActivityMutation } from './queries.ts';

/** Seconds between two reports while the lesson is open. */
export const REPORT_EVERY_SECONDS = 30;
/** The server refuses a report sooner than this after the last one. */
const MIN_REPORT_SECONDS = 5;
const MAX_REPORT_SECONDS = 300;

export function useStudyTimer(lessonId: string, enabled: boolean): void {
  const [, record] = useMutation(RecordLessonActivityMutation);
  useEffect(() => {
    if (!enabled) return;
    let visibleSince: number | null = document.visibilityState === 'visible' ? Date.now() : null;
    let banked = 0;
    let lastReport = Date.now();
    const collect = () => {
      if (visibleSince !== null) banked += (Date.now() - visibleSince) / 1000;
      visibleSince = document.visibilityState === 'visible' ? Date.now() : null;
    };
    const report = (force: boolean) => {
      collect();
      if ((Date.now() - lastReport) / 1000 < MIN_REPORT_SECONDS || (!force && banked < 1)) return;
      const seconds = Math.min(MAX_REPORT_SECONDS, Math.floor(banked));
      banked -= seconds;
      lastReport = Date.now();
      // A refusal (rate limit, an enrolment just cancelled) loses a few seconds of statistics, nothing more.
      void record({ lessonId, seconds, opened: false });
    };
    void record({ lessonId, seconds: 0, opened: true });
    const timer = window.setInterval(() => report(false), REPORT_EVERY_SECONDS * 1000);
    const onVisibility = () => collect();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      report(true);
    };
  }, [lessonId, enabled, record]);
}
