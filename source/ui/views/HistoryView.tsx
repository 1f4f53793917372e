// Rollout history of a Deployment: revisions with change-cause, images and ReplicaSet.
import React from 'react';
import {Box, Text} from 'ink';
import type {Revision} from '../../client/types.js';
import {t} from '../../i18n/index.js';
import type {Theme} from '../theme.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';

/** A narrow terminal cuts the change-cause and the images; the ReplicaSet goes first. */
const REVISION_KEEP: Keep[] = ['name', 'always', 'always', 1];

export function HistoryView({rows, selected, width, theme, name, readonly = false}: {rows: Revision[]; selected: number; width: number; theme: Theme; name: string; readonly?: boolean}) {
	const tableRows: TableRow[] = rows.map((r, i) => ({
		key: String(r.revision),
		cells: [String(r.revision), r.changeCause ?? '<none>', (r.template?.spec?.containers ?? []).map(c => c.image).join(','), r.replicaSet + (i === rows.length - 1 ? t('screen.history.current') : '')],
		health: 'none',
	}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.history.title', {target: `deployment.apps/${name}`, keys: t(readonly ? 'screen.history.keysReadonly' : 'screen.history.keys')})}
			</Text>
			<Table headers={['REVISION', 'CHANGE-CAUSE', 'IMAGES', 'REPLICASET']} keep={REVISION_KEEP} rows={tableRows} selected={selected} width={width} theme={theme} />
		</Box>
	);
}
