import portal from 'virtual:developer-portal/portal';
import type { ExampleDoc } from '../../../tools/portal/model.ts';
import { Badge, Card, Stack } from '../ui/index.tsx';
import { CodeBlock } from './CodeBlock.tsx';
import { curlSnippet, fetchSnippet, subscriptionSnippet } from './snippets.ts';

function Example({ example }: { example: ExampleDoc }) {
  const subscription = example.query.trimStart().startsWith('subscription');
  return (
    <Card as="article" aria-labelledby={`example-${example.id}`}>
      <Stack gap={3}>
        <h2 id={`example-${example.id}`}>{example.title} {example.signedIn && <Badge>signed in</Badge>}</h2>
        <p>{example.description}</p>
        <CodeBlock label="Operation" code={example.query} />
        {Object.keys(example.variables).length > 0 && <CodeBlock label="Variables" code={JSON.stringify(example.variables, null, 2)} />}
        {subscription ? (
          <CodeBlock label="JavaScript (graphql-ws)" code={subscriptionSnippet(example)} />
        ) : (
          <>
            <CodeBlock label="curl" code={curlSnippet(example)} />
            <CodeBlock label="JavaScript (fetch)" code={fetchSnippet(example)} />
          </>
        )}
      </Stack>
    </Card>
  );
}

export function ExamplesPage() {
  return (
    <Stack gap={4}>
      <h1>Examples</h1>
      <p>Real operations of common tasks, checked against the schema by the project's tests. Replace the values in angle brackets.</p>
      {portal.examples.map((example) => <Example key={example.id} example={example} />)}
    </Stack>
  );
}
