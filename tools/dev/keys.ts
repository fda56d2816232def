// Prints a fresh Ed25519 key pair and a subgraph signing secret as environment lines, for
// production or the container set-up.
import { generateKeyPem, generateSubgraphSecret } from '@lg/platform';

const { privateKeyPem, publicKeyPem } = await generateKeyPem();
const line = (pem: string) => pem.trim().replace(/\n/g, '\\n');
console.log(`JWT_PRIVATE_KEY="${line(privateKeyPem)}"`);
console.log(`JWT_PUBLIC_KEY="${line(publicKeyPem)}"`);
console.log(`SUBGRAPH_SECRET="${generateSubgraphSecret()}"`);
