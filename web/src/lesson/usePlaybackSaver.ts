// Where the student is in a video, saved often enough to resume but not on every frame: every ~10 s
// of playing, on pause, at the end (which completes the lesson past 90%) and when they leave.
import { useCallback, useEffect, useRef } from 'react';
import { useMutation } from 'urql';
import { SavePlaybackMutation } from './queries.ts';

/** Seconds of playback between two saves while the video plays. */
export const SAVE_EVERY_SECONDS = 10;

export interface PlaybackSaver {
  /** timeupdate: saves once the position moved SAVE_EVERY_SECONDS from the last save. */
  playing(seconds: number): void;
  /** pause, ended, leaving the page: saves now unless this very position was saved. */
  now(seconds: number): void;
}

export function usePlaybackSaver(lessonId: string, enabled: boolean, startAt: number): PlaybackSaver {
  const [, save] = useMutation(SavePlaybackMutation);
  const last = useRef(startAt);
  const enabledRef = useRef(enabled);
  useEffect(() => { enabledRef.current = enabled; }, [enabled]);

  const now = useCallback((seconds: number) => {
    if (!enabledRef.current || !Number.isFinite(seconds) || Math.abs(seconds - last.current) < 0.5) return;
    last.current = seconds;
    void save({ lessonId, seconds: Math.round(seconds * 10) / 10 });
  }, [lessonId, save]);

  const playing = useCallback((seconds: number) => {
    if (Math.abs(seconds - last.current) >= SAVE_EVERY_SECONDS) now(seconds);
  }, [now]);

  return { playing, now };
}
