import type { TypeRef } from '../../../tools/portal/model.ts';
import { Link } from '../lib/router.tsx';

/** A type as written in SDL (`[Course!]!`) whose named type links to its reference page. */
export function TypeLink({ type }: { type: TypeRef }) {
  const at = type.display.indexOf(type.named);
  return (
    <code>
      {type.display.slice(0, at)}
      <Link to={`/developers/reference/${type.named}`}>{type.named}</Link>
      {type.display.slice(at + type.named.length)}
    </code>
  );
}
