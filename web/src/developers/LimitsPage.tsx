import portal from 'virtual:developer-portal/portal';
import { Stack } from '../ui/index.tsx';
import { Section } from './Section.tsx';

export function LimitsPage() {
  return (
    <Stack gap={4}>
      <h1>Limits and errors</h1>
      <Section id="limits" title="Rate and cost limits">
        <p>
          Each operation's cost is estimated before it runs, with list sizes multiplied in (the <code>first</code> you ask for, or the
          list's size cap). A caller is a signed-in user, or an address when anonymous. These are the defaults; an operator may change them.
        </p>
        <table>
          <thead><tr><th scope="col">Limit</th><th scope="col">Default</th><th scope="col">Meaning</th></tr></thead>
          <tbody>
            {portal.limits.map((limit) => (
              <tr key={limit.setting}><th scope="row"><code>{limit.setting}</code></th><td>{limit.value.toLocaleString('en')}</td><td>{limit.meaning}</td></tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="errors" title="Error codes">
        <p>
          Every error has <code>extensions.code</code>, one of these, and <code>extensions.requestId</code>; some add{' '}
          <code>extensions.reason</code> or <code>extensions.field</code>. A request refused before it runs answers the HTTP status below;
          an error of one field inside a response that has <code>data</code> answers 200, with the other fields intact.
        </p>
        <table>
          <thead><tr><th scope="col">Code</th><th scope="col">HTTP</th><th scope="col">Meaning</th></tr></thead>
          <tbody>
            {portal.errorCodes.map((error) => (
              <tr key={error.code}><th scope="row"><code>{error.code}</code></th><td>{error.httpStatus}</td><td>{error.meaning}</td></tr>
            ))}
          </tbody>
        </table>
      </Section>
    </Stack>
  );
}
