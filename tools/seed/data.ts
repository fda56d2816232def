/** Demo data: realistic enough that every screen of the client has something to show. */

export const DEMO_PASSWORD = 'learning-graph-2026';

export interface DemoUser { email: string; displayName: string; roles: ('STUDENT' | 'INSTRUCTOR' | 'ADMIN')[]; bio?: string }

export const admin: DemoUser = { email: 'admin@learning-graph.dev', displayName: 'Alex Admin', roles: ['STUDENT', 'ADMIN'], bio: 'Keeps the platform running.' };

/** An account the admin suspended: the users screen and the audit log have one to show. */
export const suspended: DemoUser & { reason: string } = {
  email: 'spam.bot@learning-graph.dev', displayName: 'Sam Spammer', roles: ['STUDENT'], reason: 'Posted links to a phishing site in course chats.',
};

export const instructors: DemoUser[] = [
  { email: 'ines.moreau@learning-graph.dev', displayName: 'Inès Moreau', roles: ['STUDENT', 'INSTRUCTOR'], bio: 'Backend engineer; teaches Python and data.' },
  { email: 'kwame.mensah@learning-graph.dev', displayName: 'Kwame Mensah', roles: ['STUDENT', 'INSTRUCTOR'], bio: 'Cloud architect and DevOps coach.' },
  { email: 'yuki.tanaka@learning-graph.dev', displayName: 'Yuki Tanaka', roles: ['STUDENT', 'INSTRUCTOR'], bio: 'Product designer who codes.' },
  { email: 'priya.raman@learning-graph.dev', displayName: 'Priya Raman', roles: ['STUDENT', 'INSTRUCTOR'], bio: 'Former CFO; teaches business and finance.' },
];

const studentNames = [
  'Sofia Rossi', 'Liam Walsh', 'Amara Okafor', 'Mateo García', 'Hannah Müller', 'Noah Kim', 'Zara Ahmed', 'Lucas Silva',
  'Mia Johansson', 'Omar Haddad', 'Chloé Dubois', 'Ethan Brown', 'Aisha Bello', 'Leo Novak', 'Isabella Costa', 'Ravi Patel',
  'Emma Schmidt', 'Daniel Cohen', 'Nia Williams', 'Kenji Sato',
];

export const students: DemoUser[] = studentNames.map((displayName, i) => ({
  email: i === 0 ? 'student@learning-graph.dev' : `${displayName.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')}.${i}@learning-graph.dev`,
  displayName,
  roles: ['STUDENT'],
}));

/** The demo student who signs in with a second factor: add MFA_DEMO_SECRET to an authenticator app. */
export const MFA_DEMO_STUDENT = students[students.length - 1]!;
export const MFA_DEMO_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

type Level = 'BEGINNER' | 'INTERMEDIATE' | 'ADVANCED';
type Kind = 'VIDEO' | 'READING' | 'EXERCISE' | 'LAB';

export interface DemoCourse {
  title: string;
  summary: string;
  category: string;
  level: Level;
  tags: string[];
  priceCents: number;
  /** Index into `instructors`. */
  instructor: number;
  sections: { title: string; lessons: { title: string; kind: Kind; durationMinutes: number }[] }[];
}

const c = (title: string, summary: string, category: string, level: Level, tags: string[], priceCents: number, instructor: number, topics: string[]): DemoCourse => ({
  title, summary, category, level, tags, priceCents, instructor,
  // Three sections of three lessons from the course's own topics, so pages look like real syllabi.
  sections: ['Foundations', 'In practice', 'Going further'].map((part, s) => ({
    title: `${part}: ${topics[s] ?? topics[0]}`,
    lessons: [
      { title: `${topics[s] ?? topics[0]} explained`, kind: 'VIDEO' as Kind, durationMinutes: 8 + ((s * 7 + title.length) % 15) },
      { title: `Reading: ${topics[s] ?? topics[0]} in depth`, kind: 'READING' as Kind, durationMinutes: 12 },
      { title: `Practice: ${topics[s] ?? topics[0]}`, kind: (s === 2 && category === 'Cloud & DevOps' ? 'LAB' : 'EXERCISE') as Kind, durationMinutes: 20 },
    ],
  })),
});

export const courses: DemoCourse[] = [
  c('Python for Absolute Beginners', 'Write your first programs in Python, from variables to functions.', 'Programming', 'BEGINNER', ['python', 'basics'], 0, 0, ['Variables and types', 'Control flow', 'Functions']),
  c('Intermediate Python: Idioms and Patterns', 'Comprehensions, generators, context managers and clean code.', 'Programming', 'INTERMEDIATE', ['python', 'patterns'], 4900, 0, ['Comprehensions', 'Generators', 'Context managers']),
  c('Advanced Python Concurrency', 'asyncio, threads and processes without the headaches.', 'Programming', 'ADVANCED', ['python', 'asyncio', 'concurrency'], 8900, 0, ['The event loop', 'Tasks and cancellation', 'Processes']),
  c('Data Analysis with pandas', 'Load, clean, reshape and summarise real data sets.', 'Data Science', 'BEGINNER', ['python', 'pandas', 'data'], 3900, 0, ['DataFrames', 'Cleaning data', 'Group by']),
  c('Machine Learning Fundamentals', 'Regression, classification and honest evaluation.', 'Data Science', 'INTERMEDIATE', ['machine learning', 'scikit-learn'], 6900, 0, ['Linear models', 'Trees and forests', 'Model evaluation']),
  c('SQL from Zero', 'Query relational data with confidence.', 'Data Science', 'BEGINNER', ['sql', 'databases'], 0, 0, ['SELECT and WHERE', 'Joins', 'Aggregation']),
  c('Statistics for Data Science', 'Distributions, inference and experiments explained plainly.', 'Data Science', 'INTERMEDIATE', ['statistics', 'data'], 5900, 3, ['Distributions', 'Hypothesis tests', 'A/B testing']),
  c('JavaScript Essentials', 'The language of the web, from the ground up.', 'Programming', 'BEGINNER', ['javascript', 'web'], 0, 2, ['Values and functions', 'Objects and arrays', 'Async JavaScript']),
  c('TypeScript in Depth', 'Types that catch bugs before your users do.', 'Programming', 'INTERMEDIATE', ['typescript', 'javascript'], 5900, 2, ['Type inference', 'Generics', 'Narrowing']),
  c('React from First Principles', 'Components, state and effects, built up step by step.', 'Web Development', 'BEGINNER', ['react', 'javascript'], 4900, 2, ['Components', 'State', 'Effects']),
  c('GraphQL APIs with Federation', 'Design a supergraph that teams can grow together.', 'Web Development', 'ADVANCED', ['graphql', 'apollo', 'federation'], 9900, 1, ['Schema design', 'Entities and keys', 'Query planning']),
  c('Accessible Web Interfaces', 'Build interfaces that everyone can use.', 'Web Development', 'INTERMEDIATE', ['accessibility', 'html', 'css'], 0, 2, ['Semantic HTML', 'Keyboard navigation', 'Screen readers']),
  c('CSS Layout Mastery', 'Flexbox and grid for layouts that just work.', 'Web Development', 'BEGINNER', ['css', 'layout'], 2900, 2, ['Flexbox', 'Grid', 'Responsive design']),
  c('UX Design Foundations', 'Research, wireframes and usability testing.', 'Design', 'BEGINNER', ['ux', 'research'], 0, 2, ['User research', 'Wireframing', 'Usability tests']),
  c('Design Systems in Practice', 'Tokens, components and governance for growing teams.', 'Design', 'ADVANCED', ['design systems', 'ui'], 7900, 2, ['Design tokens', 'Component libraries', 'Governance']),
  c('Typography for Screens', 'Choose and pair type that reads well everywhere.', 'Design', 'INTERMEDIATE', ['typography', 'ui'], 3900, 2, ['Type anatomy', 'Pairing fonts', 'Readable text']),
  c('Docker and Containers', 'Package and run applications the same way everywhere.', 'Cloud & DevOps', 'BEGINNER', ['docker', 'containers'], 0, 1, ['Images', 'Containers', 'Compose']),
  c('Kubernetes for Developers', 'Deploy, scale and debug workloads on Kubernetes.', 'Cloud & DevOps', 'INTERMEDIATE', ['kubernetes', 'containers'], 7900, 1, ['Pods and deployments', 'Services', 'Debugging']),
  c('Site Reliability Engineering', 'SLOs, incident response and resilient systems.', 'Cloud & DevOps', 'ADVANCED', ['sre', 'reliability'], 9900, 1, ['SLOs and error budgets', 'Incident response', 'Chaos testing']),
  c('Linux Command Line Basics', 'Navigate, automate and troubleshoot from the shell.', 'Cloud & DevOps', 'BEGINNER', ['linux', 'shell'], 0, 1, ['Files and paths', 'Pipes', 'Shell scripts']),
  c('Terraform Infrastructure as Code', 'Describe cloud infrastructure in reviewable code.', 'Cloud & DevOps', 'INTERMEDIATE', ['terraform', 'iac'], 6900, 1, ['Providers and resources', 'Modules', 'State']),
  c('Go for Backend Services', 'Write fast, simple network services in Go.', 'Programming', 'INTERMEDIATE', ['go', 'backend'], 6900, 1, ['Types and interfaces', 'Goroutines', 'HTTP services']),
  c('Rust Ownership Explained', 'Borrowing, lifetimes and fearless concurrency.', 'Programming', 'ADVANCED', ['rust', 'systems'], 8900, 1, ['Ownership', 'Borrowing', 'Lifetimes']),
  c('Startup Finance Basics', 'Cash flow, runway and unit economics for founders.', 'Business', 'BEGINNER', ['finance', 'startups'], 0, 3, ['Cash flow', 'Runway', 'Unit economics']),
  c('Product Management Essentials', 'From discovery to delivery, with outcomes in mind.', 'Business', 'INTERMEDIATE', ['product', 'management'], 5900, 3, ['Discovery', 'Roadmaps', 'Metrics']),
  c('Negotiation Skills', 'Prepare, listen and reach agreements that last.', 'Business', 'BEGINNER', ['negotiation', 'soft skills'], 2900, 3, ['Preparation', 'Listening', 'Closing']),
  c('Financial Modelling in Spreadsheets', 'Build three-statement models you can defend.', 'Business', 'ADVANCED', ['finance', 'spreadsheets'], 8900, 3, ['Income statement', 'Balance sheet', 'Cash flow model']),
  c('Spanish for Travellers', 'Everyday Spanish for trips and conversations.', 'Languages', 'BEGINNER', ['spanish', 'conversation'], 0, 3, ['Greetings', 'Getting around', 'Eating out']),
  c('Business English Writing', 'Clear emails, reports and proposals.', 'Languages', 'INTERMEDIATE', ['english', 'writing'], 3900, 3, ['Emails', 'Reports', 'Proposals']),
  c('Japanese Kana in 30 Days', 'Read hiragana and katakana with spaced practice.', 'Languages', 'BEGINNER', ['japanese', 'kana'], 1900, 2, ['Hiragana', 'Katakana', 'Reading practice']),
];
