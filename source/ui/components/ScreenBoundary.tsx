// A screen that fails to render shows why in its place; the header, the prompt and every other
// screen keep working, and esc goes back as usual.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';

interface Props {
	children: React.ReactNode;
	color?: string;
}

export class ScreenBoundary extends React.Component<Props, {error?: Error}> {
	override state: {error?: Error} = {};

	static getDerivedStateFromError(error: unknown): {error: Error} {
		return {error: error instanceof Error ? error : new Error(String(error))};
	}

	override render(): React.ReactNode {
		const {error} = this.state;
		if (!error) return this.props.children;
		return (
			<Box flexDirection="column">
				<Text color={this.props.color}>{t('error.screenFailed', {message: error.message})}</Text>
				<Text>{t('screen.boundary.hint')}</Text>
			</Box>
		);
	}
}
