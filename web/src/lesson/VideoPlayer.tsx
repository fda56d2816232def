// The lesson's video: HLS through hls.js where the browser has Media Source Extensions (Chromium has
// no native HLS; its light build: captions are native <track>s), the native player otherwise (Safari);
// the poster; resume.
import { useEffect, useRef, useState } from 'react';
import type { PlaybackSaver } from './usePlaybackSaver.ts';

export interface PlayerVideo { id: string; url: string; posterUrl?: string | null }
export interface PlayerCaptions { id: string; fileName: string; url?: string | null }

/** A caption track's label: its file name without the extension ("captions-en.vtt" → "captions-en"). */
const trackLabel = (fileName: string) => fileName.replace(/\.vtt$/i, '') || 'Captions';

export function VideoPlayer({ video, captions, title, startAt, saver }: {
  video: PlayerVideo; captions: PlayerCaptions[]; title: string;
  /** Where to start (a saved position); read when the video's metadata arrives. */
  startAt: () => number;
  saver: PlaybackSaver;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  // Signed URLs are re-issued as they near expiry; the player keeps the one it started with.
  const [source] = useState(video.url);
  const [failed, setFailed] = useState(false);
  const startRef = useRef(startAt);
  startRef.current = startAt;
  const saverRef = useRef(saver);
  saverRef.current = saver;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let cancelled = false;
    let destroy = () => {};
    const resume = () => {
      const at = startRef.current();
      // A position at the very end would only show the last frame: start over instead.
      if (at > 0 && (!Number.isFinite(element.duration) || at < element.duration - 1)) element.currentTime = at;
    };
    element.addEventListener('loadedmetadata', resume, { once: true });
    void import('hls.js/light').then(({ default: Hls }) => {
      if (cancelled) return;
      if (Hls.isSupported()) {
        const hls = new Hls({ capLevelToPlayerSize: true });
        hls.on(Hls.Events.ERROR, (_event, data) => { if (data.fatal) setFailed(true); });
        hls.loadSource(source);
        hls.attachMedia(element);
        destroy = () => hls.destroy();
      } else {
        element.src = source;
      }
    });
    const leave = () => saverRef.current.now(element.currentTime);
    window.addEventListener('pagehide', leave);
    return () => {
      cancelled = true;
      // Saved before the player is torn down (which resets currentTime).
      if (element.currentTime > 0) leave();
      window.removeEventListener('pagehide', leave);
      element.removeEventListener('loadedmetadata', resume);
      destroy();
    };
  }, [source]);

  return (
    <figure className="player">
      <video
        ref={ref}
        controls
        playsInline
        preload="metadata"
        poster={video.posterUrl ?? undefined}
        aria-label={`Video: ${title}`}
        onTimeUpdate={(e) => { if (!e.currentTarget.paused) saver.playing(e.currentTarget.currentTime); }}
        onPause={(e) => saver.now(e.currentTarget.currentTime)}
        onEnded={(e) => saver.now(e.currentTarget.duration)}
        onError={() => setFailed(true)}
      >
        {captions.filter((c) => c.url).map((c, i) => (
          <track key={c.id} kind="captions" src={c.url!} label={trackLabel(c.fileName)} srcLang="en" default={i === 0} />
        ))}
      </video>
      {failed && <p role="alert" className="muted">The video could not be loaded. Reload the page to try again.</p>}
    </figure>
  );
}
