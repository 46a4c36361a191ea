import { registerCellKind } from '../registry.js';
import MarkdownCell from './MarkdownCell.svelte';
import { warmMarkdownEditor } from './load-editor.js';

registerCellKind({
  kind: 'markdown',
  label: 'Markdown',
  description: 'Notes, headings and explanations (rendered markdown).',
  icon: '¶',
  component: MarkdownCell,
  defaultConfig: { source: '' },
  defaultName: 'note',
  runnable: false,
});

warmMarkdownEditor();
