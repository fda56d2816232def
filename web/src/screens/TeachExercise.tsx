// An instructor's new exercise for a course: a title, the skills it practises, and 1 to 50 questions,
// each a single choice, a multiple choice or a short text, with its points and correct answers.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql/index.ts';
import type { QuestionKind } from '../gql/graphql.ts';
import { Alert, Button, ErrorAlert, SelectField, Stack, TextArea, TextField } from '../ui/index.tsx';

const CreateExerciseMutation = graphql(`
  mutation CreateExercise($courseId: ID!, $input: CreateExerciseInput!) { createExercise(courseId: $courseId, input: $input) { id title maxScore skills } }
`);

interface Draft { kind: QuestionKind; prompt: string; points: string; choices: string; correct: string; accepted: string }
const blank = (): Draft => ({ kind: 'SINGLE_CHOICE', prompt: '', points: '1', choices: '', correct: '1', accepted: '' });
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The input of one question: choices one a line, correct ones by their numbers from 1 ("1, 3"). */
export function questionInput(d: Draft) {
  const base = { kind: d.kind, prompt: d.prompt.trim(), points: Number(d.points) || 0 };
  if (d.kind === 'SHORT_TEXT') return { ...base, acceptedAnswers: lines(d.accepted) };
  const correctChoices = d.correct.split(/[\s,]+/).filter(Boolean).map((n) => Number(n) - 1);
  return { ...base, choices: lines(d.choices), correctChoices };
}

export function ExerciseCreator({ courseId, courseTitle }: { courseId: string; courseTitle: string }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [skills, setSkills] = useState('');
  const [drafts, setDrafts] = useState<Draft[]>([blank()]);
  const [state, create] = useMutation(CreateExerciseMutation);
  const set = (i: number, k: keyof Draft) => (e: { target: { value: string } }) =>
    setDrafts((ds) => ds.map((d, j) => (j === i ? { ...d, [k]: e.target.value } : d)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const skillList = skills.split(',').map((s) => s.trim()).filter(Boolean);
    const res = await create({ courseId, input: { title: title.trim(), skills: skillList, questions: drafts.map(questionInput) } });
    if (res.data) { setTitle(''); setSkills(''); setDrafts([blank()]); }
  };

  if (!open) return <div><Button variant="secondary" onClick={() => setOpen(true)}>New exercise</Button></div>;
  return (
    <Stack as="form" gap={3} onSubmit={submit} aria-label={`New exercise for ${courseTitle}`}>
      <h3>New exercise</h3>
      <TextField label="Exercise title" value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={120} required />
      <TextField label="Skills" hint="Up to 10, separated by commas: fractions, algebra" value={skills} onChange={(e) => setSkills(e.target.value)} />
      {drafts.map((d, i) => (
        <fieldset key={i} className="exercise-question">
          <legend>Question {i + 1}</legend>
          <SelectField label={`Question ${i + 1} kind`} value={d.kind} onChange={set(i, 'kind')}
            options={[{ value: 'SINGLE_CHOICE', label: 'Single choice' }, { value: 'MULTIPLE_CHOICE', label: 'Multiple choice' }, { value: 'SHORT_TEXT', label: 'Short text' }]} />
          <TextField label={`Question ${i + 1} prompt`} value={d.prompt} onChange={set(i, 'prompt')} required />
          <TextField label={`Question ${i + 1} points`} type="number" min={1} value={d.points} onChange={set(i, 'points')} />
          {d.kind === 'SHORT_TEXT' ? (
            <TextArea label={`Question ${i + 1} accepted answers (one a line)`} value={d.accepted} onChange={set(i, 'accepted')} />
          ) : (
            <>
              <TextArea label={`Question ${i + 1} choices (one a line)`} value={d.choices} onChange={set(i, 'choices')} />
              <TextField label={`Question ${i + 1} correct choice numbers`} hint="From 1, separated by commas: 1, 3" value={d.correct} onChange={set(i, 'correct')} />
            </>
          )}
          {drafts.length > 1 && <div><Button type="button" variant="ghost" onClick={() => setDrafts((ds) => ds.filter((_, j) => j !== i))}>Remove question {i + 1}</Button></div>}
        </fieldset>
      ))}
      <div><Button type="button" variant="ghost" disabled={drafts.length >= 50} onClick={() => setDrafts((ds) => [...ds, blank()])}>Add a question</Button></div>
      <ErrorAlert error={state.error} />
      {state.data && <Alert tone="success">Exercise “{state.data.createExercise.title}” created ({state.data.createExercise.maxScore} points{state.data.createExercise.skills.length > 0 ? `; skills: ${state.data.createExercise.skills.join(', ')}` : ''}).</Alert>}
      <div><Button type="submit" busy={state.fetching} disabled={title.trim().length < 3}>Create exercise</Button></div>
    </Stack>
  );
}
