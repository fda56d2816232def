// The skill heatmap: one tile per skill, coloured by mastery on a five-step scale with its legend;
// the tiles are text too (skill and percent), and the table gives the attempts and last practice.
import type { DashboardFieldsFragment } from '../gql/graphql.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { formatPercent, MASTERY_STEPS, masteryStep } from './series.ts';

type SkillCell = DashboardFieldsFragment['skillHeatmap'][number];

function heatmapSummary(skills: readonly SkillCell[]): string {
  if (skills.length === 0) return 'No skills yet: graded exercises give you a mastery per skill.';
  const byMastery = [...skills].sort((a, b) => a.mastery - b.mastery);
  const weakest = byMastery[0]!;
  const strongest = byMastery.at(-1)!;
  if (strongest.mastery === weakest.mastery) return `${skills.length} skill${skills.length === 1 ? '' : 's'}, all at ${formatPercent(weakest.mastery * 100)}.`;
  return `${skills.length} skill${skills.length === 1 ? '' : 's'}; strongest ${strongest.skill} (${formatPercent(strongest.mastery * 100)}), weakest ${weakest.skill} (${formatPercent(weakest.mastery * 100)}).`;
}

export function SkillHeatmap({ skills }: { skills: readonly SkillCell[] }) {
  return (
    <ChartFigure
      title="Skill heatmap"
      summary={heatmapSummary(skills)}
      rows={skills}
      rowKey={(s) => s.skill}
      columns={[
        { label: 'Skill', value: (s) => s.skill },
        { label: 'Mastery', value: (s) => formatPercent(s.mastery * 100) },
        { label: 'Attempts', value: (s) => s.attempts },
        { label: 'Last practised', value: (s) => new Date(s.lastPracticedAt).toLocaleDateString('en') },
      ]}
      plain
    >
      <div className="heatmap">
        <ul className="heatmap__grid" aria-label="Mastery per skill">
          {skills.map((s) => {
            const step = masteryStep(s.mastery);
            return (
              <li key={s.skill} className={`heatmap__cell heatmap__cell--${step}`} title={`${s.skill}: ${formatPercent(s.mastery * 100)} over ${s.attempts} attempts`}>
                <span className="heatmap__skill">{s.skill}</span>
                <span className="heatmap__value">{formatPercent(s.mastery * 100)}</span>
              </li>
            );
          })}
        </ul>
        <ol className="heatmap__legend" aria-label="Colour scale">
          {MASTERY_STEPS.map((step, i) => (
            <li key={step.label}><span className={`heatmap__swatch heatmap__cell--${i}`} aria-hidden="true" />{step.label}</li>
          ))}
        </ol>
      </div>
    </ChartFigure>
  );
}
