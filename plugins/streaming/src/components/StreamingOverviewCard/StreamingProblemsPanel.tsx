import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { WarningPanel } from '@backstage/core-components';
import type { StreamingProblem } from '@backstage-streaming/plugin-streaming-common';

const useStyles = makeStyles((theme: Theme) => ({
  list: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  },
  // Annotation values are often long ARNs without spaces; they must wrap, not widen the card.
  item: { overflowWrap: 'anywhere' },
}));

function problemContext(problem: StreamingProblem) {
  const parts: string[] = [];
  if (problem.annotation) {
    parts.push(`Annotation ${problem.annotation}`);
  }
  if (problem.value) {
    parts.push(`value "${problem.value}"`);
  }
  if (problem.accountId) {
    parts.push(
      `account ${problem.accountId}${
        problem.region ? ` in ${problem.region}` : ''
      }`,
    );
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** What kept part of the entity's streaming data from showing, each with where and what to fix. */
export function StreamingProblemsPanel(props: {
  problems: StreamingProblem[];
}) {
  const { problems } = props;
  const classes = useStyles();
  const count = problems.length;
  return (
    <WarningPanel
      title={`${count} ${
        count === 1 ? 'problem' : 'problems'
      } with this entity's streaming data`}
      message="The rest of the streaming data below is still shown."
      defaultExpanded
    >
      <ul className={classes.list} aria-label="Streaming problems">
        {problems.map((problem, index) => {
          const context = problemContext(problem);
          return (
            <li key={index} className={classes.item}>
              <Typography variant="body2">{problem.message}</Typography>
              {context && (
                <Typography variant="caption" color="textSecondary">
                  {context}
                </Typography>
              )}
            </li>
          );
        })}
      </ul>
    </WarningPanel>
  );
}
