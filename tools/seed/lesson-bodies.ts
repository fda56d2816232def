import type { DemoCourse } from './data.ts';

// Demo lesson bodies, made from each course's own topics: a few paragraphs, and a code block in
// the language the course teaches where it has one. Generated rather than written out 270 times,
// but every sentence is about the lesson it sits in.

type Lesson = DemoCourse['sections'][number]['lessons'][number];

/** A short, runnable-looking example in a language, about `topic`. */
type Snippet = [language: string, code: (topic: string, slug: string) => string];

const PYTHON: Snippet = ['python', (topic, slug) => `def ${slug}_demo(items):\n    """A first look at ${topic.toLowerCase()}."""\n    result = [item * 2 for item in items if item > 0]\n    return result\n\nprint(${slug}_demo([3, -1, 4]))  # [6, 8]`];
const SQL: Snippet = ['sql', (topic) => `-- ${topic}\nSELECT c.name, COUNT(o.id) AS orders\nFROM customers AS c\nJOIN orders AS o ON o.customer_id = c.id\nGROUP BY c.name\nORDER BY orders DESC;`];
const TS: Snippet = ['ts', (topic, slug) => `// ${topic}\nfunction ${slug}<T extends { id: string }>(items: T[]): Map<string, T> {\n  return new Map(items.map((item) => [item.id, item]));\n}`];
const TSX: Snippet = ['tsx', (topic) => `// ${topic}\nfunction Counter() {\n  const [count, setCount] = useState(0);\n  return <button onClick={() => setCount(count + 1)}>Clicked {count} times</button>;\n}`];
const JS: Snippet = ['js', (topic, slug) => `// ${topic}\nconst ${slug} = async (url) => {\n  const response = await fetch(url);\n  if (!response.ok) throw new Error(\`HTTP \${response.status}\`);\n  return response.json();\n};`];
const GRAPHQL: Snippet = ['graphql', (topic) => `# ${topic}\ntype Course @key(fields: "id") {\n  id: ID!\n  title: String!\n  lessons: [Lesson!]!\n}`];
const CSS: Snippet = ['css', (topic) => `/* ${topic} */\n.layout {\n  display: grid;\n  grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));\n  gap: 1.5rem;\n}`];
const DOCKERFILE: Snippet = ['dockerfile', (topic) => `# ${topic}\nFROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]`];
const YAML: Snippet = ['yaml', (topic) => `# ${topic}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: web }`];
const HCL: Snippet = ['hcl', (topic) => `# ${topic}\nresource "aws_s3_bucket" "assets" {\n  bucket = "course-assets"\n  tags   = { Environment = "dev" }\n}`];
const SH: Snippet = ['sh', (topic) => `# ${topic}\nfind . -name '*.log' -mtime -1 \\\n  | xargs grep -h ERROR \\\n  | sort | uniq -c | sort -rn | head`];
const GO: Snippet = ['go', (topic) => `// ${topic}\nfunc handler(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set("Content-Type", "application/json")\n\tjson.NewEncoder(w).Encode(map[string]string{"status": "ok"})\n}`];
const RUST: Snippet = ['rust', (topic) => `// ${topic}\nfn longest<'a>(a: &'a str, b: &'a str) -> &'a str {\n    if a.len() >= b.len() { a } else { b }\n}`];
const TEXT: Snippet = ['text', (topic) => `${topic}\n=B2-B3            # gross margin\n=B4/B2            # margin %\n=SUM(C2:C13)/12   # average monthly burn`];

/**
 * Per tag a demo course may have: its official documentation (the course's public supplement) and
 * the example its lessons show. A course takes the first of its tags that has one of each.
 */
const TOPICS: Record<string, { docs?: [title: string, url: string]; code?: Snippet }> = {
  python: { docs: ['The Python Tutorial', 'https://docs.python.org/3/tutorial/'], code: PYTHON },
  asyncio: { docs: ['asyncio documentation', 'https://docs.python.org/3/library/asyncio.html'], code: PYTHON },
  pandas: { docs: ['pandas user guide', 'https://pandas.pydata.org/docs/user_guide/index.html'], code: PYTHON },
  'machine learning': { docs: ['scikit-learn user guide', 'https://scikit-learn.org/stable/user_guide.html'], code: PYTHON },
  sql: { docs: ['PostgreSQL tutorial', 'https://www.postgresql.org/docs/current/tutorial.html'], code: SQL },
  statistics: { docs: ['NIST/SEMATECH e-Handbook of Statistical Methods', 'https://www.itl.nist.gov/div898/handbook/'] },
  javascript: { docs: ['MDN JavaScript Guide', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide'], code: JS },
  typescript: { docs: ['The TypeScript Handbook', 'https://www.typescriptlang.org/docs/handbook/intro.html'], code: TS },
  react: { docs: ['react.dev: Learn React', 'https://react.dev/learn'], code: TSX },
  graphql: { docs: ['Apollo Federation docs', 'https://www.apollographql.com/docs/federation/'], code: GRAPHQL },
  accessibility: { docs: ['W3C Web Accessibility Initiative', 'https://www.w3.org/WAI/fundamentals/'], code: CSS },
  css: { docs: ['MDN CSS layout', 'https://developer.mozilla.org/en-US/docs/Learn/CSS/CSS_layout'], code: CSS },
  ux: { docs: ['Usability.gov methods', 'https://www.usability.gov/how-to-and-tools/methods/index.html'] },
  'design systems': { docs: ['Design Tokens Community Group', 'https://www.designtokens.org/'] },
  typography: { docs: ['Butterick’s Practical Typography', 'https://practicaltypography.com/'] },
  docker: { docs: ['Docker docs: get started', 'https://docs.docker.com/get-started/'], code: DOCKERFILE },
  kubernetes: { docs: ['Kubernetes documentation', 'https://kubernetes.io/docs/home/'], code: YAML },
  sre: { docs: ['Google SRE books', 'https://sre.google/books/'], code: YAML },
  linux: { docs: ['The Linux command line (GNU coreutils manual)', 'https://www.gnu.org/software/coreutils/manual/'], code: SH },
  terraform: { docs: ['Terraform documentation', 'https://developer.hashicorp.com/terraform/docs'], code: HCL },
  go: { docs: ['A Tour of Go', 'https://go.dev/tour/'], code: GO },
  rust: { docs: ['The Rust Programming Language', 'https://doc.rust-lang.org/book/'], code: RUST },
  finance: { docs: ['Investopedia: unit economics', 'https://www.investopedia.com/terms/u/unit-economics.asp'], code: TEXT },
  product: { docs: ['Atlassian product management guide', 'https://www.atlassian.com/agile/product-management'] },
  negotiation: { docs: ['Harvard PON: negotiation skills', 'https://www.pon.harvard.edu/category/daily/negotiation-skills-daily/'] },
  spanish: { docs: ['Instituto Cervantes: Centro Virtual', 'https://cvc.cervantes.es/'] },
  english: { docs: ['Plain English Campaign: free guides', 'https://www.plainenglish.co.uk/free-guides.html'] },
  japanese: { docs: ['NHK Easy Japanese', 'https://www.nhk.or.jp/lesson/en/'] },
  html: { code: CSS },
  spreadsheets: { code: TEXT },
};

const slugOf = (topic: string) => topic.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'example';

function snippetFor(course: DemoCourse, topic: string): string | null {
  const found = course.tags.map((tag) => TOPICS[tag]?.code).find(Boolean);
  return found ? `\`\`\`${found[0]}\n${found[1](topic, slugOf(topic))}\n\`\`\`` : null;
}

/** The topic a lesson is about: its title without the "Reading:" or "Practice:" in front and the "explained" after. */
const topicOf = (lesson: Lesson) => lesson.title.replace(/^(Reading|Practice):\s*/, '').replace(/\s+(explained|in depth)$/, '');

/** The Markdown body of one demo lesson. */
export function lessonBody(course: DemoCourse, sectionIndex: number, lesson: Lesson): string {
  const topic = topicOf(lesson);
  const code = snippetFor(course, topic);
  const level = course.level.toLowerCase();
  if (lesson.kind === 'VIDEO') {
    return [
      `## ${topic}`,
      `This lesson introduces **${topic.toLowerCase()}**, one of the three pillars of *${course.title}*. Watch the video first, then keep this page open as a reference while you work through the practice.`,
      `We start from what you already know and build up in small steps: each idea is shown on a concrete example before it is named, so that the vocabulary sticks to something you have seen.`,
      '### What you will learn',
      `- what ${topic.toLowerCase()} is, and the problem it solves`,
      `- how it looks in a real ${course.category.toLowerCase()} setting`,
      `- the mistakes ${level} learners most often make with it, and how to spot them`,
      ...(code ? ['### A first example', code, 'Read the example line by line before running it: predicting what it does is half of the learning.'] : []),
      `> Tip: pause the video whenever a new term appears and write it down in your own words.`,
    ].join('\n\n');
  }
  if (lesson.kind === 'READING') {
    return [
      `## ${topic} in depth`,
      `The video gave you the shape of ${topic.toLowerCase()}; this reading fills in the details. It is meant to be read slowly, with the examples tried out as you go.`,
      `In section ${sectionIndex + 1} of *${course.title}* we look at ${topic.toLowerCase()} from three angles: the idea itself, how it behaves at the edges, and how practitioners use it day to day.`,
      '### Key points',
      `1. **The idea.** ${topic} is easiest to understand by the question it answers, not by its definition.`,
      `2. **The edges.** Most surprises come from empty inputs, very large inputs and inputs that change while you work.`,
      `3. **In practice.** Teams agree on a small set of conventions for ${topic.toLowerCase()} and write them down.`,
      ...(code ? ['### Worked example', code] : []),
      '### Summary',
      `Before moving on, check that you can explain ${topic.toLowerCase()} to a colleague in two sentences and name one situation where you would *not* use it.`,
    ].join('\n\n');
  }
  return [
    `## Practice: ${topic}`,
    `Time to use what you learned about ${topic.toLowerCase()}. Work through the steps below in order; each one builds on the previous one.`,
    '### Steps',
    `- [ ] Re-read the summary of the reading lesson and note the two ideas you find hardest.`,
    `- [ ] Reproduce the example from the lesson without looking at it.`,
    `- [ ] Change one thing in it and predict the result before you check.`,
    `- [ ] Write down one question and post it in the course Q&A.`,
    ...(code ? ['### Starting point', code] : []),
    lesson.kind === 'LAB'
      ? 'This practice runs best in a lab session: book a slot from the Labs screen and bring your notes.'
      : 'When you are done, take the course exercise to check your understanding.',
  ].join('\n\n');
}

export interface DemoSupplement { kind: 'BOOK' | 'DOCUMENT' | 'SLIDES' | 'VIDEO' | 'LINK'; title: string; url: string; public: boolean }

/** A course's supplements: its official documentation (public) and, for members, books on its first topic. */
export function supplementsOf(course: DemoCourse): DemoSupplement[] {
  const docs = course.tags.map((tag) => TOPICS[tag]?.docs).find(Boolean);
  const topic = course.sections[0]?.title.split(': ')[1] ?? course.title;
  return [
    ...(docs ? [{ kind: 'DOCUMENT' as const, title: docs[0], url: docs[1], public: true }] : []),
    { kind: 'BOOK', title: `Books on ${topic.toLowerCase()}`, url: `https://openlibrary.org/search?q=${encodeURIComponent(`${topic} ${course.tags[0] ?? ''}`.trim())}`, public: false },
  ];
}
