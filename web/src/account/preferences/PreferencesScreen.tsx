// Preferences and notification settings: locale, time zone, and per notification kind a channel
// (in the app, email, both, off) with a daily digest for mail of busy kinds.
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import type { NotificationChannel, NotificationKind } from '../../gql/graphql.ts';
import { Link } from '../../lib/router.tsx';
import { useSession } from '../../lib/session.tsx';
import { Alert, Button, Card, Empty, ErrorAlert, Loading, SelectField, Stack } from '../../ui/index.tsx';
import { CHANNELS, CHANNEL_LABELS, localeName } from './labels.ts';

const PreferencesQuery = graphql(`
  query MyPreferences { myPreferences { locale timeZone updatedAt notifications { kind channel dailyDigest } } supportedLocales notificationKinds { kind label } }
`);
const UpdatePreferencesMutation = graphql(`
  mutation UpdatePreferences($input: PreferencesInput!) {
    updatePreferences(input: $input) { locale timeZone updatedAt notifications { kind channel dailyDigest } }
  }
`);

interface Setting { kind: NotificationKind; channel: NotificationChannel; dailyDigest: boolean }

export function PreferencesScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: PreferencesQuery, pause: !session, requestPolicy: 'cache-and-network' });
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to change your preferences.</Empty>;
  if (!data && fetching) return <Loading />;
  if (!data?.myPreferences) return <ErrorAlert error={error} />;
  const labels = new Map<NotificationKind, string>(data.notificationKinds.map((k) => [k.kind, k.label]));
  return <PreferencesForm key={String(data.myPreferences.updatedAt)} prefs={data.myPreferences} locales={data.supportedLocales} labels={labels} />;
}

function PreferencesForm({ prefs, locales, labels }: { prefs: { locale: string; timeZone: string; notifications: Setting[] }; locales: string[]; labels: Map<NotificationKind, string> }) {
  const [locale, setLocale] = useState(prefs.locale);
  const [timeZone, setTimeZone] = useState(prefs.timeZone);
  const [settings, setSettings] = useState<Setting[]>(prefs.notifications.map(({ kind, channel, dailyDigest }) => ({ kind, channel, dailyDigest })));
  const [state, update] = useMutation(UpdatePreferencesMutation);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone');
    return all.includes(prefs.timeZone) ? all : [prefs.timeZone, ...all];
  }, [prefs.timeZone]);

  const change = (kind: NotificationKind, next: Partial<Setting>) => {
    setSaved(false);
    setSettings((all) => all.map((s) => {
      if (s.kind !== kind) return s;
      const merged = { ...s, ...next };
      // A digest is mail: without mail there is nothing to collect.
      return merged.channel === 'EMAIL' || merged.channel === 'BOTH' ? merged : { ...merged, dailyDigest: false };
    }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const res = await update({ input: { locale, timeZone, notifications: settings } });
    if (res.data) setSaved(true);
  };

  return (
    <Card as="section" aria-labelledby="preferences-title" style={{ maxWidth: 860, margin: '0 auto' }}>
      <Stack as="form" gap={4} onSubmit={submit}>
        <h1 id="preferences-title">Preferences and notifications</h1>
        <SelectField label="Language" value={locale} onChange={(e) => { setLocale(e.target.value); setSaved(false); }}
          options={locales.map((l) => ({ value: l, label: `${localeName(l)} (${l})` }))} />
        <SelectField label="Time zone" value={timeZone} onChange={(e) => { setTimeZone(e.target.value); setSaved(false); }}
          options={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))} />
        <p className="muted">Daily digests arrive at 08:00 in your time zone.</p>
        <div className="table-scroll">
          <table className="data-table preferences-table">
            <caption className="muted" style={{ textAlign: 'left' }}>How each kind of notification reaches you</caption>
            <thead>
              <tr>
                <th scope="col">Notification</th>
                {CHANNELS.map((c) => <th key={c} scope="col">{CHANNEL_LABELS[c]}</th>)}
                <th scope="col">Daily digest</th>
              </tr>
            </thead>
            <tbody>
              {settings.map((s) => {
                const label = labels.get(s.kind) ?? s.kind;
                const mails = s.channel === 'EMAIL' || s.channel === 'BOTH';
                return (
                  <tr key={s.kind}>
                    <th scope="row">{label}</th>
                    {CHANNELS.map((c) => (
                      <td key={c}>
                        <input type="radio" name={`channel-${s.kind}`} checked={s.channel === c} onChange={() => change(s.kind, { channel: c })}
                          aria-label={`${label}: ${CHANNEL_LABELS[c]}`} />
                      </td>
                    ))}
                    <td>
                      <input type="checkbox" checked={s.dailyDigest} disabled={!mails} onChange={(e) => change(s.kind, { dailyDigest: e.target.checked })}
                        aria-label={`${label}: daily digest`} title={mails ? 'One mail a day instead of one mail each' : 'Choose Email or Both first'} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <ErrorAlert error={state.error} />
        {saved && <Alert tone="success">Preferences saved.</Alert>}
        <div><Button type="submit" busy={state.fetching}>Save preferences</Button></div>
      </Stack>
    </Card>
  );
}
