// The lesson pane keeps its title, the step, the goal and the keys on screen however short it is:
// a long intro or explanation is what gets cut, never the lines above it drawn over each other.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {LessonPane} from '../../source/ui/components/LessonPane.js';
import {loadCourse} from '../../source/learn/course.js';
import {THEMES} from '../../source/ui/theme.js';
import {setLanguage} from '../../source/i18n/index.js';

const lesson = loadCourse('lessons').find(l => l.id === 'troubleshooting')!;

afterEach(() => setLanguage('en'));

describe('the lesson pane', () => {
	for (const language of ['en', 'ja']) {
		it(`cuts the intro, not the title, the step or the goal, when it is short (${language})`, () => {
			setLanguage(language);
			const r = render(<LessonPane view={{lesson, step: 0, done: false, hint: false}} width={40} height={14} language={language} theme={THEMES.dark!} />);
			const lines = (r.lastFrame() ?? '').split('\n');
			r.unmount();
			expect(lines).toHaveLength(14);
			const title = language === 'ja' ? lesson.title.ja! : lesson.title.en;
			// the first line inside the border starts with the title, cut to the width
			expect(lines[1]!.replace(/^│ /, '').startsWith(title.slice(0, 6))).toBe(true);
			expect(lines[2]).toContain(language === 'ja' ? 'ステップ 1 / 3' : 'Step 1 of 3');
			const goal = (language === 'ja' ? lesson.steps[0]!.goal.ja! : lesson.steps[0]!.goal.en).slice(0, 8);
			expect(lines.join('\n').replace(/[│\s]+/g, '')).toContain(goal.replace(/\s+/g, ''));
			expect(lines[12]).toContain('ctrl-g');
		});
	}
});
