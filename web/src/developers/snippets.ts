// curl and JavaScript snippets for an example operation, against this origin's /graphql.
import type { ExampleDoc } from '../../../tools/portal/model.ts';

export const graphqlUrl = (): string => `${window.location.origin}/graphql`;

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlSnippet(example: ExampleDoc): string {
  const body = JSON.stringify({ query: example.query, variables: example.variables });
  return [
    `curl ${graphqlUrl()} \\`,
    `  -H 'content-type: application/json' \\`,
    ...(example.signedIn ? [`  -H "authorization: Bearer $ACCESS_TOKEN" \\`] : []),
    `  --data ${shellQuote(body)}`,
  ].join('\n');
}

export function fetchSnippet(example: ExampleDoc): string {
  const headers = example.signedIn
    ? `{ 'content-type': 'application/json', authorization: \`Bearer \${accessToken}\` }`
    : `{ 'content-type': 'application/json' }`;
  return `const response = await fetch('${graphqlUrl()}', {
  method: 'POST',
  headers: ${headers},
  body: JSON.stringify({
    query: \`${example.query.replace(/`/g, '\\`')}\`,
    variables: ${JSON.stringify(example.variables)},
  }),
});
const { data, errors } = await response.json();
// errors[i].extensions.code: see "Limits and errors".`;
}

export function subscriptionSnippet(example: ExampleDoc): string {
  const url = graphqlUrl().replace(/^http/, 'ws');
  return `import { createClient } from 'graphql-ws';

const client = createClient({
  url: '${url}',
  connectionParams: { authorization: \`Bearer \${accessToken}\` },
});
for await (const result of client.iterate({ query: \`${example.query.replace(/`/g, '\\`')}\` })) {
  console.log(result.data);
}`;
}
