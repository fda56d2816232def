// The assistant panel: a conversation with the assistant, continued across turns by its id. A tool
// that changes something waits for a confirmation, which the user types ("yes") in the same input.
// Earlier conversations are listed beside it and reopen where they stopped.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Button, Empty, ErrorAlert, Loading, Stack, TextField } from '../ui/index.tsx';

const AskMutation = graphql(`
  mutation AskAssistant($prompt: String!, $conversationId: ID) {
    askAssistant(prompt: $prompt, conversationId: $conversationId) {
      conversation { id }
      message { role content createdAt toolCalls { tool arguments ok result } }
    }
  }
`);

const MyConversationsQuery = graphql(`
  query MyConversations { myConversations { id title updatedAt } }
`);
const ConversationQuery = graphql(`
  query Conversation($id: ID!) { conversation(id: $id) { id messages { role content createdAt toolCalls { tool arguments ok result } } } }
`);

type Turn = {
  key: string;
  role: 'USER' | 'ASSISTANT';
  content: string;
  toolCalls: { tool: string; ok: boolean; result: string | null | undefined }[];
};

function toolLabel(call: Turn['toolCalls'][number]): string {
  const name = call.tool.replace(/_/g, ' ');
  if (call.ok) return `${name}: done`;
  return call.result == null ? `${name}: waiting for your confirmation` : `${name}: failed`;
}

const when = (iso: string) => new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function EarlierConversations({ current, onOpen }: { current: string | undefined; onOpen(id: string): void }) {
  const [{ data, fetching, error }] = useQuery({ query: MyConversationsQuery, requestPolicy: 'cache-and-network' });
  const conversations = data?.myConversations ?? [];
  return (
    <section className="card" aria-labelledby="earlier">
      <Stack gap={3}>
        <h2 id="earlier">Earlier conversations</h2>
        <ErrorAlert error={error} />
        {!data && fetching && <Loading label="Loading conversations…" />}
        {data && conversations.length === 0 && <p className="muted">None yet.</p>}
        <ul className="list" aria-label="Earlier conversations">
          {conversations.map((c) => (
            <li key={c.id}>
              <Button variant="ghost" className="btn btn--ghost conversation-link" aria-current={c.id === current || undefined} onClick={() => onOpen(c.id)}>
                <span>{c.title}</span> <span className="muted">{when(c.updatedAt)}</span>
              </Button>
            </li>
          ))}
        </ul>
      </Stack>
    </section>
  );
}

export function AssistantScreen() {
  const { session } = useSession();
  const [state, ask] = useMutation(AskMutation);
  const [prompt, setPrompt] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [conversationId, setConversationId] = useState<string | undefined>(undefined);
  const logRef = useRef<HTMLOListElement>(null);
  const client = useClient();
  const [opening, setOpening] = useState<{ error?: Error; busy: boolean }>({ busy: false });

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [turns, state.fetching]);

  if (!session) return <Empty><Link to="/signin">Sign in</Link> to talk to the assistant.</Empty>;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const text = prompt.trim();
    if (!text || state.fetching) return;
    setTurns((t) => [...t, { key: `u${t.length}-${Date.now()}`, role: 'USER', content: text, toolCalls: [] }]);
    setPrompt('');
    const res = await ask({ prompt: text, conversationId });
    const reply = res.data?.askAssistant;
    if (reply) {
      setConversationId(reply.conversation.id);
      setTurns((t) => [...t, {
        key: `a${t.length}-${reply.message.createdAt}`,
        role: 'ASSISTANT',
        content: reply.message.content,
        toolCalls: reply.message.toolCalls.map((c) => ({ tool: c.tool, ok: c.ok, result: c.result })),
      }]);
    } else {
      setPrompt(text);
    }
  };

  const open = async (id: string) => {
    if (state.fetching) return;
    setOpening({ busy: true });
    const res = await client.query(ConversationQuery, { id }, { requestPolicy: 'network-only' }).toPromise();
    const conversation = res.data?.conversation;
    if (!conversation) {
      setOpening({ busy: false, error: res.error ?? new Error('That conversation is gone.') });
      return;
    }
    setOpening({ busy: false });
    setConversationId(conversation.id);
    setPrompt('');
    setTurns(conversation.messages
      .filter((m) => m.role === 'USER' || m.role === 'ASSISTANT')
      .map((m, i) => ({ key: `h${i}-${m.createdAt}`, role: m.role as Turn['role'], content: m.content, toolCalls: m.toolCalls.map((c) => ({ tool: c.tool, ok: c.ok, result: c.result })) })));
  };

  const newConversation = () => {
    setTurns([]);
    setConversationId(undefined);
    setPrompt('');
  };

  return (
    <div className="two-cols">
    <Stack gap={4}>
      <h1>Assistant</h1>
      <p className="muted">Ask to find courses, enrol, or book a lab. When it asks you to confirm a change, answer “yes”.</p>
      <section className="card" aria-label="Conversation">
        {turns.length === 0 && !state.fetching
          ? <p className="muted">No messages yet. Try “find python courses”.</p>
          : (
            <ol ref={logRef} className="list chat-log assistant-log" aria-label="Messages" aria-live="polite">
              {turns.map((turn) => (
                <li key={turn.key} className={`qa-item assistant-turn assistant-turn--${turn.role.toLowerCase()}`}>
                  <strong>{turn.role === 'USER' ? 'You' : 'Assistant'}</strong>
                  <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{turn.content}</p>
                  {turn.toolCalls.length > 0 && (
                    <ul className="muted" aria-label="Tool calls" style={{ margin: 0, paddingLeft: 'var(--space-4)' }}>
                      {turn.toolCalls.map((c, i) => <li key={i}>{toolLabel(c)}</li>)}
                    </ul>
                  )}
                </li>
              ))}
              {state.fetching && <li className="qa-item muted" role="status"><span className="spinner" aria-hidden="true" /> The assistant is thinking…</li>}
            </ol>
          )}
      </section>
      <ErrorAlert error={state.error} />
      <form onSubmit={(e) => void send(e)}>
        <Stack gap={2}>
          <TextField label="Ask the assistant" value={prompt} maxLength={4000} autoComplete="off" onChange={(e) => setPrompt(e.target.value)} />
          <div className="row" style={{ gap: 'var(--space-2)' }}>
            <Button type="submit" busy={state.fetching} disabled={!prompt.trim()}>Send</Button>
            {conversationId && <Button variant="ghost" onClick={newConversation}>New conversation</Button>}
          </div>
        </Stack>
      </form>
    </Stack>
    <Stack gap={4}>
      <ErrorAlert error={opening.error} />
      {opening.busy && <Loading label="Opening the conversation…" />}
      <EarlierConversations current={conversationId} onOpen={(id) => void open(id)} />
    </Stack>
    </div>
  );
}
