// A course's cover image (public, signed by media); nothing when the course has none or it is not ready.
export function CoverImage({ cover, className = 'cover' }: { cover: { url?: string | null; width?: number | null; height?: number | null } | null | undefined; className?: string }) {
  if (!cover?.url) return null;
  // Decorative: the course's title is right next to it.
  return <img className={className} src={cover.url} alt="" width={cover.width ?? undefined} height={cover.height ?? undefined} loading="lazy" />;
}
