import { searchWords } from '@lg/platform';

/** A readable, URL-safe slug of a title; `course` when nothing readable is left. */
export function slugify(title: string): string {
  const slug = searchWords(title).join('-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');
  return slug || 'course';
}
