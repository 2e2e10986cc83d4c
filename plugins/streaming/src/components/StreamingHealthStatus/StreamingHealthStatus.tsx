import type { ComponentType } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import WarningIcon from '@material-ui/icons/Warning';
import type { HealthStatus } from '@backstage-streaming/plugin-streaming-common';

/** The word shown next to the icon; the word carries the meaning, the colour only repeats it. */
export const HEALTH_STATUS_LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

const HEALTH_STATUS_ICONS: Record<HealthStatus, ComponentType<SvgIconProps>> = {
  healthy: CheckCircleIcon,
  warning: WarningIcon,
  critical: ErrorIcon,
  unknown: HelpOutlineIcon,
};

const useStyles = makeStyles((theme: Theme) => ({
  healthy: { color: theme.palette.success.main },
  warning: { color: theme.palette.warning.main },
  critical: { color: theme.palette.error.main },
  unknown: { color: theme.palette.text.secondary },
}));

/** @public */
export interface StreamingHealthStatusProps {
  status: HealthStatus;
  /** Words to show instead of the status name, e.g. an operation's outcome `FAILED`. */
  label?: string;
}

/**
 * A health status as an icon and a word, so it reads without colour.
 *
 * @public
 */
export function StreamingHealthStatus(props: StreamingHealthStatusProps) {
  const { status } = props;
  const classes = useStyles();
  const Icon = HEALTH_STATUS_ICONS[status];
  const label = props.label ?? HEALTH_STATUS_LABELS[status];
  return (
    <Box
      component="span"
      display="inline-flex"
      alignItems="center"
      role="img"
      aria-label={props.label ?? `Health: ${label}`}
    >
      <Icon fontSize="small" className={classes[status]} aria-hidden />
      <Box component="span" ml={0.5}>
        <Typography variant="body2" component="span" aria-hidden>
          {label}
        </Typography>
      </Box>
    </Box>
  );
}
