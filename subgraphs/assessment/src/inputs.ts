import { badInput, intInRange, isId, newId } from '@lg/platform';
import type { CreateExerciseInput, ExerciseQuestionInput, QuestionKind, SubmissionAnswerInput } from './generated/resolvers-types.ts';
import type { ExerciseModel, GradedAnswer, StoredQuestion } from './models.ts';

// The inputs' types are generated from schema.graphql; this file holds their checks.
export type { CreateExerciseInput, ExerciseQuestionInput, SubmissionAnswerInput };

// Every bound lives here, so the schema descriptions, the tests and the checks agree.
export const LIMITS = {
  title: { min: 3, max: 120 },
  questions: { min: 1, max: 50 },
  prompt: 1000,
  choices: { min: 2, max: 10 },
  choice: 200,
  acceptedAnswers: { min: 1, max: 20 },
  acceptedAnswer: 200,
  points: { min: 1, max: 100 },
  answerText: 1000,
  leaderboard: { min: 1, max: 100 },
  // A hard cap the schema's @listSize(assumedSize) on Course.exercises repeats for the gateway's cost estimate.
  exercisesPerCourse: 100,
  skills: { max: 10, length: 40 },
  appealReason: { min: 10, max: 2000 },
  appealReply: { min: 1, max: 2000 },
  /** The attempts submissionHistory lists at most, newest first. */
  history: { min: 1, max: 100 },
  /** The students exportGradebook writes at most: one response must stay a reasonable size. */
  exportStudents: 5000,
} as const;

export const checkId = (id: string, field: string): string => {
  if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  return id;
};

/** Trimmed, inner runs of white space made one space: how short answers are stored and compared. */
export const collapse = (value: string): string => value.trim().replace(/\s+/g, ' ');
/** The comparison key of a short answer: collapsed and without regard to letter case. */
export const answerKey = (value: string): string => collapse(value).normalize('NFC').toLowerCase();

const given = <T>(list: T[] | null | undefined): list is T[] => Array.isArray(list) && list.length > 0;

function boundedText(value: string, field: string, min: number, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < min) throw badInput(min <= 1 ? `${field} must not be empty.` : `${field} must be at least ${min} characters.`, field);
  if (trimmed.length > max) throw badInput(`${field} must be at most ${max} characters.`, field);
  return trimmed;
}

function choicesOf(values: string[] | null | undefined, field: string): string[] {
  const list = values ?? [];
  if (list.length < LIMITS.choices.min || list.length > LIMITS.choices.max)
    throw badInput(`A choice question needs ${LIMITS.choices.min} to ${LIMITS.choices.max} choices.`, field);
  const choices = list.map((c) => c.trim());
  if (choices.some((c) => c.length === 0)) throw badInput('A choice must not be empty.', field);
  if (choices.some((c) => c.length > LIMITS.choice)) throw badInput(`Each choice must be at most ${LIMITS.choice} characters.`, field);
  if (new Set(choices.map(answerKey)).size !== choices.length) throw badInput('The choices of a question must differ from each other.', field);
  return choices;
}

function correctChoicesOf(values: number[] | null | undefined, kind: QuestionKind, choiceCount: number, field: string): number[] {
  const list = values ?? [];
  if (kind === 'SINGLE_CHOICE' && list.length !== 1) throw badInput('A SINGLE_CHOICE question needs exactly one correct choice.', field);
  if (kind === 'MULTIPLE_CHOICE' && list.length < 1) throw badInput('A MULTIPLE_CHOICE question needs at least one correct choice.', field);
  if (list.some((i) => !Number.isInteger(i) || i < 0 || i >= choiceCount))
    throw badInput(`Correct choices are indexes of the choices, from 0 to ${choiceCount - 1}.`, field);
  if (new Set(list).size !== list.length) throw badInput('A correct choice is given twice.', field);
  return [...list].sort((a, b) => a - b);
}

function acceptedAnswersOf(values: string[] | null | undefined, field: string): string[] {
  const list = values ?? [];
  if (list.length < LIMITS.acceptedAnswers.min || list.length > LIMITS.acceptedAnswers.max)
    throw badInput(`A SHORT_TEXT question needs ${LIMITS.acceptedAnswers.min} to ${LIMITS.acceptedAnswers.max} accepted answers.`, field);
  const answers = list.map((a) => collapse(a));
  if (answers.some((a) => a.length === 0)) throw badInput('An accepted answer must not be empty.', field);
  if (answers.some((a) => a.length > LIMITS.acceptedAnswer)) throw badInput(`Each accepted answer must be at most ${LIMITS.acceptedAnswer} characters.`, field);
  // The same answer in another letter case adds nothing: it is kept once.
  const seen = new Set<string>();
  return answers.filter((a) => !seen.has(answerKey(a)) && Boolean(seen.add(answerKey(a))));
}

function questionOf(input: ExerciseQuestionInput, index: number): StoredQuestion {
  const at = (name: string) => `questions[${index}].${name}`;
  const prompt = boundedText(input.prompt, at('prompt'), 1, LIMITS.prompt);
  const points = intInRange(input.points, at('points'), LIMITS.points.min, LIMITS.points.max);
  if (input.kind === 'SHORT_TEXT') {
    if (given(input.choices)) throw badInput('A SHORT_TEXT question has no choices.', at('choices'));
    if (given(input.correctChoices)) throw badInput('A SHORT_TEXT question has no correct choices; give acceptedAnswers.', at('correctChoices'));
    return { _id: newId(), prompt, kind: input.kind, choices: [], points, correctChoices: null, acceptedAnswers: acceptedAnswersOf(input.acceptedAnswers, at('acceptedAnswers')) };
  }
  const choices = choicesOf(input.choices, at('choices'));
  const correctChoices = correctChoicesOf(input.correctChoices, input.kind, choices.length, at('correctChoices'));
  if (given(input.acceptedAnswers)) throw badInput('A choice question has no accepted answers; give correctChoices.', at('acceptedAnswers'));
  return { _id: newId(), prompt, kind: input.kind, choices, points, correctChoices, acceptedAnswers: null };
}

/** Trimmed, lowercase, each once; BAD_USER_INPUT for too many, an empty one or one too long. */
export function skillsOf(values: string[] | null | undefined): string[] {
  const list = (values ?? []).map((v) => v.trim().replace(/\s+/g, ' ').toLowerCase());
  if (list.some((v) => v.length === 0)) throw badInput('A skill must not be empty.', 'skills');
  if (list.some((v) => v.length > LIMITS.skills.length)) throw badInput(`Each skill must be at most ${LIMITS.skills.length} characters.`, 'skills');
  const unique = [...new Set(list)];
  if (unique.length > LIMITS.skills.max) throw badInput(`An exercise has at most ${LIMITS.skills.max} skills.`, 'skills');
  return unique;
}

export const appealReasonOf = (reason: string): string => boundedText(reason, 'reason', LIMITS.appealReason.min, LIMITS.appealReason.max);
export const appealReplyOf = (reply: string): string => boundedText(reply, 'reply', LIMITS.appealReply.min, LIMITS.appealReply.max);

/** An accepted appeal's score: a number from 0 to the submission's maximum. */
export function adjustedScoreOf(score: number | null | undefined, maxScore: number): number {
  if (score == null) throw badInput('Accepting an appeal needs the new score.', 'score');
  if (!Number.isFinite(score) || score < 0 || score > maxScore) throw badInput(`score must be from 0 to ${maxScore}.`, 'score');
  return score;
}

export interface ExerciseFields {
  title: string;
  questions: StoredQuestion[];
  maxScore: number;
  dueAt: Date | null;
  skills: string[];
}

/** Checks everything before anything is written; the first problem names its field. */
export function validateExercise(input: CreateExerciseInput): ExerciseFields {
  const title = boundedText(input.title, 'title', LIMITS.title.min, LIMITS.title.max);
  const list = input.questions ?? [];
  if (list.length < LIMITS.questions.min || list.length > LIMITS.questions.max)
    throw badInput(`An exercise has ${LIMITS.questions.min} to ${LIMITS.questions.max} questions.`, 'questions');
  const questions = list.map(questionOf);
  let dueAt: Date | null = null;
  if (input.dueAt != null) {
    dueAt = input.dueAt instanceof Date ? input.dueAt : new Date(input.dueAt);
    if (Number.isNaN(dueAt.getTime())) throw badInput('dueAt is not a real date and time.', 'dueAt');
  }
  const skills = skillsOf(input.skills);
  return { title, questions, maxScore: questions.reduce((sum, q) => sum + q.points, 0), dueAt, skills };
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Checks a submission's answers against the exercise and grades them: full points for exactly the
 * correct set of choices or an accepted text, otherwise 0. Unanswered questions score 0.
 */
export function gradeAnswers(exercise: ExerciseModel, answers: SubmissionAnswerInput[]): { answers: GradedAnswer[]; score: number } {
  const list = answers ?? [];
  if (list.length > exercise.questions.length)
    throw badInput(`This exercise has ${exercise.questions.length} questions; give at most one answer to each.`, 'answers');
  const byId = new Map(exercise.questions.map((q) => [q._id, q]));
  const answered = new Set<string>();
  const graded: GradedAnswer[] = list.map((answer, index) => {
    const at = (name: string) => `answers[${index}].${name}`;
    const question = byId.get(answer.questionId);
    if (!question) throw badInput('This question is not part of the exercise.', at('questionId'));
    if (answered.has(question._id)) throw badInput('A question is answered twice.', at('questionId'));
    answered.add(question._id);
    if (question.kind === 'SHORT_TEXT') {
      if (given(answer.choiceIndexes)) throw badInput('A SHORT_TEXT question is answered with text, not choices.', at('choiceIndexes'));
      const text = answer.text == null ? null : collapse(answer.text);
      if (text !== null && text.length > LIMITS.answerText) throw badInput(`An answer must be at most ${LIMITS.answerText} characters.`, at('text'));
      const correct = text !== null && text.length > 0 && question.acceptedAnswers!.some((a) => answerKey(a) === answerKey(text));
      return { questionId: question._id, choiceIndexes: null, text, score: correct ? question.points : 0 };
    }
    if (answer.text != null) throw badInput('A choice question is answered with choiceIndexes, not text.', at('text'));
    const chosen = answer.choiceIndexes ?? [];
    if (chosen.some((i) => !Number.isInteger(i) || i < 0 || i >= question.choices.length))
      throw badInput(`Choice indexes of this question are 0 to ${question.choices.length - 1}.`, at('choiceIndexes'));
    if (new Set(chosen).size !== chosen.length) throw badInput('A choice is given twice.', at('choiceIndexes'));
    if (question.kind === 'SINGLE_CHOICE' && chosen.length > 1) throw badInput('A SINGLE_CHOICE question takes one choice.', at('choiceIndexes'));
    const sorted = [...chosen].sort((a, b) => a - b);
    return { questionId: question._id, choiceIndexes: sorted, text: null, score: sameSet(sorted, question.correctChoices!) ? question.points : 0 };
  });
  return { answers: graded, score: graded.reduce((sum, a) => sum + a.score, 0) };
}

export function historySize(first: number | null | undefined): number {
  return intInRange(first ?? 20, 'first', LIMITS.history.min, LIMITS.history.max);
}

export function leaderboardSize(first: number | null | undefined): number {
  return intInRange(first ?? 10, 'first', LIMITS.leaderboard.min, LIMITS.leaderboard.max);
}
