// Exercises of a course for its enrolled students: take one (single or multiple choice, short text),
// see the score at once, every attempt with its feedback (and appeal a grade), the course grade (the
// best attempt of each exercise) and the leaderboard.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { CourseExercisesQuery } from '../gql/graphql.ts';
import { AttemptHistory } from '../grades/AttemptHistory.tsx';
import { formatScore } from '../grades/format.ts';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, Loading, Progress, Stack, TextField } from '../ui/index.tsx';

const ExercisesQuery = graphql(`
  query CourseExercises($courseId: ID!) {
    course(id: $courseId) {
      id
      exercises { id title dueAt maxScore questions { id kind prompt points choices } }
      viewerGrade { scorePercent submissions { id score maxScore exercise { id } } }
    }
    courseLeaderboard(courseId: $courseId, first: 10) { rank scorePercent user { id displayName } }
  }
`);

const SubmitMutation = graphql(`
  mutation SubmitExercise($exerciseId: ID!, $answers: [SubmissionAnswerInput!]!) {
    submitExercise(exerciseId: $exerciseId, answers: $answers) { id score maxScore submittedAt exercise { id } }
  }
`);

type CourseExercise = NonNullable<NonNullable<CourseExercisesQuery['course']>['exercises']>[number];

const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

export function Exercises({ courseId }: { courseId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ExercisesQuery, variables: { courseId }, requestPolicy: 'cache-and-network' });
  const course = data?.course;
  // Null (with a FORBIDDEN error, shown above) for someone who is not a member of the course.
  const exercises = course?.exercises ?? [];
  const best = new Map((course?.viewerGrade?.submissions ?? []).map((s) => [s.exercise.id, s]));
  return (
    <Card as="section" aria-labelledby="exercises">
      <Stack gap={4}>
        <h2 id="exercises">Exercises</h2>
        <ErrorAlert error={error} />
        {!data && fetching && <Loading label="Loading exercises…" />}
        {course?.exercises && exercises.length === 0 && <Empty>No exercises in this course yet.</Empty>}
        {course?.viewerGrade && exercises.length > 0 && (
          <Stack gap={1}>
            <Progress value={course.viewerGrade.scorePercent} label="Course grade" />
            <p>Your grade: <strong>{formatScore(course.viewerGrade.scorePercent)}%</strong></p>
          </Stack>
        )}
        <ul className="list" aria-label="Exercises">
          {exercises.map((x) => (
            <ExerciseItem key={x.id} exercise={x} best={best.get(x.id)}
              onSubmitted={() => refetch({ requestPolicy: 'network-only' })} />
          ))}
        </ul>
        {data && data.courseLeaderboard.length > 0 && (
          <Stack gap={2}>
            <h3>Leaderboard</h3>
            <ol className="list" aria-label="Leaderboard">
              {data.courseLeaderboard.map((e) => (
                <li key={e.user.id} className="lesson"><span>{e.rank}. {e.user.displayName}</span><span>{formatScore(e.scorePercent)}%</span></li>
              ))}
            </ol>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function ExerciseItem({ exercise, best, onSubmitted }: { exercise: CourseExercise; best: { score: number; maxScore: number } | undefined; onSubmitted: () => void }) {
  const [open, setOpen] = useState(false);
  const [showAttempts, setShowAttempts] = useState(false);
  const [choices, setChoices] = useState<Record<string, number[]>>({});
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [state, submit] = useMutation(SubmitMutation);

  const toggle = (q: CourseExercise['questions'][number], index: number, on: boolean) => setChoices((c) => {
    const current = c[q.id] ?? [];
    const next = q.kind === 'SINGLE_CHOICE' ? [index] : on ? [...current.filter((i) => i !== index), index].sort((a, b) => a - b) : current.filter((i) => i !== index);
    return { ...c, [q.id]: next };
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const answers = exercise.questions.map((q) => (q.kind === 'SHORT_TEXT'
      ? { questionId: q.id, text: texts[q.id] ?? '' }
      : { questionId: q.id, choiceIndexes: choices[q.id] ?? [] }));
    const res = await submit({ exerciseId: exercise.id, answers });
    if (res.data) onSubmitted();
  };

  const result = state.data?.submitExercise;
  return (
    <li className="qa-item" aria-label={exercise.title}>
      <Stack gap={2}>
        <strong>{exercise.title}</strong>
        <span className="muted">
          {exercise.questions.length} {exercise.questions.length === 1 ? 'question' : 'questions'} · {points(exercise.maxScore)}
          {exercise.dueAt ? ` · due ${new Date(exercise.dueAt).toLocaleDateString()}` : ''}
        </span>
        {best && <div><Badge label={`Best score ${formatScore(best.score)} of ${best.maxScore}`}>Best: {formatScore(best.score)} / {best.maxScore}</Badge></div>}
        <div className="row-actions">
          <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>{open ? 'Close' : best ? 'Try again' : 'Take the exercise'}</Button>
          {best && <Button variant="ghost" aria-expanded={showAttempts} onClick={() => setShowAttempts((o) => !o)}>{showAttempts ? 'Hide attempts' : 'Your attempts'}</Button>}
        </div>
        {showAttempts && <AttemptHistory exerciseId={exercise.id} title={exercise.title} />}
        {open && (
          <Stack as="form" gap={4} onSubmit={onSubmit} aria-label={`Exercise “${exercise.title}”`}>
            {exercise.questions.map((q, n) => (
              q.kind === 'SHORT_TEXT' ? (
                <TextField key={q.id} label={`${n + 1}. ${q.prompt}`} hint={points(q.points)} value={texts[q.id] ?? ''} maxLength={1000}
                  onChange={(e) => setTexts((t) => ({ ...t, [q.id]: e.target.value }))} />
              ) : (
                <fieldset key={q.id} className="exercise-question">
                  <legend>{n + 1}. {q.prompt} <span className="muted">· {points(q.points)}{q.kind === 'MULTIPLE_CHOICE' ? ' · choose all that apply' : ''}</span></legend>
                  {q.choices.map((choice, i) => (
                    <label key={i} className="check">
                      <input type={q.kind === 'SINGLE_CHOICE' ? 'radio' : 'checkbox'} name={q.id} checked={(choices[q.id] ?? []).includes(i)}
                        onChange={(e) => toggle(q, i, e.target.checked)} />
                      {choice}
                    </label>
                  ))}
                </fieldset>
              )
            ))}
            <ErrorAlert error={state.error} />
            {result && <Alert tone="success">Score: {formatScore(result.score)} / {result.maxScore}</Alert>}
            <div><Button type="submit" busy={state.fetching}>Submit answers</Button></div>
          </Stack>
        )}
      </Stack>
    </li>
  );
}
