import type { DemoCourse } from './data.ts';

// Demo lesson bodies, made from each course's own topics: a few paragraphs, and a code block in
// the language the course teaches where it has one. Generated rather than written out 270 times,
// but every sentence is about the lesson it sits in.

type Lesson = DemoCourse['sections'][number]['lessons'][number];

/** A short, runnable-looking example per language, about `topic`. */
const SNIPPETS: { tags: string[]; language: string; code: (topic: string, slug: string) => string }[] = [
  { tags: ['python', 'pandas', 'machine learning', 'asyncio'], language: 'python', code: (topic, slug) => `def ${slug}_demo(items):\n    """A first look at ${topic.toLowerCase()}."""\n    result = [item * 2 for item in items if item > 0]\n    return result\n\nprint(${slug}_demo([3, -1, 4]))  # [6, 8]` },
  { tags: ['sql'], language: 'sql', code: (topic) => `-- ${topic}\nSELECT c.name, COUNT(o.id) AS orders\nFROM customers AS c\nJOIN orders AS o ON o.customer_id = c.id\nGROUP BY c.name\nORDER BY orders DESC;` },
  { tags: ['typescript'], language: 'ts', code: (topic, slug) => `// ${topic}\nfunction ${slug}<T extends { id: string }>(items: T[]): Map<string, T> {\n  return new Map(items.map((item) => [item.id, item]));\n}` },
  { tags: ['react'], language: 'tsx', code: (topic) => `// ${topic}\nfunction Counter() {\n  const [count, setCount] = useState(0);\n  return <button onClick={() => setCount(count + 1)}>Clicked {count} times</button>;\n}` },
  { tags: ['javascript'], language: 'js', code: (topic, slug) => `// ${topic}\nconst ${slug} = async (url) => {\n  const response = await fetch(url);\n  if (!response.ok) throw new Error(\`HTTP \${response.status}\`);\n  return response.json();\n};` },
  { tags: ['graphql'], language: 'graphql', code: (topic) => `# ${topic}\ntype Course @key(fields: "id") {\n  id: ID!\n  title: String!\n  lessons: [Lesson!]!\n}` },
  { tags: ['css', 'html', 'accessibility'], language: 'css', code: (topic) => `/* ${topic} */\n.layout {\n  display: grid;\n  grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));\n  gap: 1.5rem;\n}` },
  { tags: ['docker'], language: 'dockerfile', code: (topic) => `# ${topic}\nFROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]` },
  { tags: ['kubernetes', 'sre'], language: 'yaml', code: (topic) => `# ${topic}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: web }` },
  { tags: ['terraform'], language: 'hcl', code: (topic) => `# ${topic}\nresource "aws_s3_bucket" "assets" {\n  bucket = "course-assets"\n  tags   = { Environment = "dev" }\n}` },
  { tags: ['linux'], language: 'sh', code: (topic) => `# ${topic}\nfind . -name '*.log' -mtime -1 \\\n  | xargs grep -h ERROR \\\n  | sort | uniq -c | sort -rn | head` },
  { tags: ['go'], language: 'go', code: (topic) => `// ${topic}\nfunc handler(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set("Content-Type", "application/json")\n\tjson.NewEncoder(w).Encode(map[string]string{"status": "ok"})\n}` },
  { tags: ['rust'], language: 'rust', code: (topic) => `// ${topic}\nfn longest<'a>(a: &'a str, b: &'a str) -> &'a str {\n    if a.len() >= b.len() { a } else { b }\n}` },
  { tags: ['finance', 'spreadsheets'], language: 'text', code: (topic) => `${topic}\n=B2-B3            # gross margin\n=B4/B2            # margin %\n=SUM(C2:C13)/12   # average monthly burn` },
];

const slugOf = (topic: string) => topic.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'example';

function snippetFor(course: DemoCourse, topic: string): string | null {
  const found = SNIPPETS.find((s) => s.tags.some((tag) => course.tags.includes(tag)));
  return found ? `\`\`\`${found.language}\n${found.code(topic, slugOf(topic))}\n\`\`\`` : null;
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

/** Official documentation per tag: each demo course's public supplement. */
const DOCS: Record<string, { title: string; url: string }> = {
  python: { title: 'The Python Tutorial', url: 'https://docs.python.org/3/tutorial/' },
  asyncio: { title: 'asyncio documentation', url: 'https://docs.python.org/3/library/asyncio.html' },
  pandas: { title: 'pandas user guide', url: 'https://pandas.pydata.org/docs/user_guide/index.html' },
  'machine learning': { title: 'scikit-learn user guide', url: 'https://scikit-learn.org/stable/user_guide.html' },
  sql: { title: 'PostgreSQL tutorial', url: 'https://www.postgresql.org/docs/current/tutorial.html' },
  statistics: { title: 'NIST/SEMATECH e-Handbook of Statistical Methods', url: 'https://www.itl.nist.gov/div898/handbook/' },
  javascript: { title: 'MDN JavaScript Guide', url: 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide' },
  typescript: { title: 'The TypeScript Handbook', url: 'https://www.typescriptlang.org/docs/handbook/intro.html' },
  react: { title: 'react.dev: Learn React', url: 'https://react.dev/learn' },
  graphql: { title: 'Apollo Federation docs', url: 'https://www.apollographql.com/docs/federation/' },
  accessibility: { title: 'W3C Web Accessibility Initiative', url: 'https://www.w3.org/WAI/fundamentals/' },
  css: { title: 'MDN CSS layout', url: 'https://developer.mozilla.org/en-US/docs/Learn/CSS/CSS_layout' },
  ux: { title: 'Usability.gov methods', url: 'https://www.usability.gov/how-to-and-tools/methods/index.html' },
  'design systems': { title: 'Design Tokens Community Group', url: 'https://www.designtokens.org/' },
  typography: { title: 'Butterick’s Practical Typography', url: 'https://practicaltypography.com/' },
  docker: { title: 'Docker docs: get started', url: 'https://docs.docker.com/get-started/' },
  kubernetes: { title: 'Kubernetes documentation', url: 'https://kubernetes.io/docs/home/' },
  sre: { title: 'Google SRE books', url: 'https://sre.google/books/' },
  linux: { title: 'The Linux command line (GNU coreutils manual)', url: 'https://www.gnu.org/software/coreutils/manual/' },
  terraform: { title: 'Terraform documentation', url: 'https://developer.hashicorp.com/terraform/docs' },
  go: { title: 'A Tour of Go', url: 'https://go.dev/tour/' },
  rust: { title: 'The Rust Programming Language', url: 'https://doc.rust-lang.org/book/' },
  finance: { title: 'Investopedia: unit economics', url: 'https://www.investopedia.com/terms/u/unit-economics.asp' },
  product: { title: 'Atlassian product management guide', url: 'https://www.atlassian.com/agile/product-management' },
  negotiation: { title: 'Harvard PON: negotiation skills', url: 'https://www.pon.harvard.edu/category/daily/negotiation-skills-daily/' },
  spanish: { title: 'Instituto Cervantes: Centro Virtual', url: 'https://cvc.cervantes.es/' },
  english: { title: 'Plain English Campaign: free guides', url: 'https://www.plainenglish.co.uk/free-guides.html' },
  japanese: { title: 'NHK Easy Japanese', url: 'https://www.nhk.or.jp/lesson/en/' },
};

export interface DemoSupplement { kind: 'BOOK' | 'DOCUMENT' | 'SLIDES' | 'VIDEO' | 'LINK'; title: string; url: string; public: boolean }

/** A course's supplements: its official documentation (public) and, for members, books on its first topic. */
export function supplementsOf(course: DemoCourse): DemoSupplement[] {
  const docs = course.tags.map((tag) => DOCS[tag]).find(Boolean);
  const topic = course.sections[0]?.title.split(': ')[1] ?? course.title;
  return [
    ...(docs ? [{ kind: 'DOCUMENT' as const, ...docs, public: true }] : []),
    { kind: 'BOOK', title: `Books on ${topic.toLowerCase()}`, url: `https://openlibrary.org/search?q=${encodeURIComponent(`${topic} ${course.tags[0] ?? ''}`.trim())}`, public: false },
  ];
}
