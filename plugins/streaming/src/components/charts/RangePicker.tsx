import { makeStyles, Theme } from '@material-ui/core/styles';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  METRIC_RANGE_IDS,
  METRIC_RANGES,
  MetricRange,
} from '@backstage-streaming/plugin-streaming-common';

const SHORT_LABELS: Record<MetricRange, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
};

// MUI's unselected toggle is so faint it reads as disabled; every range is always available.
const useStyles = makeStyles((theme: Theme) => ({
  button: {
    color: theme.palette.text.primary,
    textTransform: 'none',
    '&$selected': {
      color: theme.palette.primary.contrastText,
      backgroundColor: theme.palette.primary.main,
    },
    '&$selected:hover': { backgroundColor: theme.palette.primary.dark },
  },
  selected: {},
}));

/**
 * The time range of one asset's charts. Each choice is a button (Tab to
 * reach it, Enter or Space to pick it) named by its full label, e.g. "7 days",
 * and marked pressed when chosen.
 */
export function RangePicker(props: {
  value: MetricRange;
  onChange: (range: MetricRange) => void;
  /** What the charts are of, for the group's accessible name. */
  subject: string;
}) {
  const { value, onChange, subject } = props;
  const classes = useStyles();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      aria-label={`Time range for ${subject} charts`}
      onChange={(_event, next: MetricRange | null) => {
        // Pressing the chosen range again would unselect it; a chart always has one.
        if (next) onChange(next);
      }}
    >
      {METRIC_RANGE_IDS.map(range => (
        <ToggleButton
          key={range}
          value={range}
          classes={{ root: classes.button, selected: classes.selected }}
          aria-label={METRIC_RANGES[range].label}
        >
          {SHORT_LABELS[range]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
