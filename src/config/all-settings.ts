/**
 * Every environment variable Marquee reads, in the groups of docs/configuration.md. Each module
 * declares its own; this list only gathers them, so the reference and its tests see them all.
 */
import { servingGroup } from '../api/serving.config.ts';
import { configGroups } from '../config.ts';
import { driftGroup } from '../monitoring/drift/drift.config.ts';
import { schedulerGroup } from '../monitoring/scheduler.ts';
import { trainingGroup } from '../pipeline/training.config.ts';
import type { SettingGroup } from './setting.ts';

export const settingGroups: readonly SettingGroup[] = [...configGroups, servingGroup, trainingGroup, driftGroup, schedulerGroup];
