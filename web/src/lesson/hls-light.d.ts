// hls.js ships no types for its light build (no subtitles, alternate audio or DRM); its API is the full one's.
declare module 'hls.js/light' {
  import Hls from 'hls.js';
  export default Hls;
}
