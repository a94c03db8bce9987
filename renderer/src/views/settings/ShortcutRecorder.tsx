/**
 * The global shortcut, recorded rather than typed: press the button, then the
 * combination. It is shown in the platform's words and saved as an Electron
 * accelerator. Escape cancels, Backspace clears, Tab leaves (no keyboard trap);
 * a key without a modifier, or one Electron cannot name, is explained in place.
 * Main registers it and may refuse (taken by another app): shown under the field.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { MessageKey } from '../../../../shared/i18n/types';
import { errorText } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { SavedTick, useSave, type Commit } from './fields';
import { describeHeld, describeShortcut, heldModifiers, recordKey } from './shortcut';

interface Props {
  value: string | null;
  platform: Snapshot['platform'];
  commit: Commit<string | null>;
}

export function ShortcutRecorder({ value, platform, commit }: Props) {
  const { t } = useI18n();
  const id = useId();
  const save = useSave();
  const [recording, setRecording] = useState(false);
  const [held, setHeld] = useState<string[]>([]);
  const [problem, setProblem] = useState<MessageKey | null>(null);

  const stop = () => {
    setRecording(false);
    setHeld([]);
  };
  const store = (next: string | null) => {
    stop();
    setProblem(null);
    if (next !== value) void save.run(() => commit(next));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return;
    const plainTab = e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey;
    if (plainTab) {
      stop();
      return;
    }
    // Every other key is the recorder's (Escape must not also leave Settings).
    e.preventDefault();
    e.stopPropagation();
    const recorded = recordKey({ ...e, altGraph: e.getModifierState('AltGraph') }, platform);
    switch (recorded.kind) {
      case 'cancel':
        stop();
        setProblem(null);
        return;
      case 'clear':
        store(null);
        return;
      case 'holding':
        setHeld(recorded.modifiers);
        return;
      case 'needsModifier':
        setProblem('settings.shortcutNeedsModifier');
        return;
      case 'unsupported':
        setProblem('settings.shortcutUnsupported');
        return;
      case 'shiftOnly':
        setProblem('settings.shortcutShiftOnly');
        return;
      case 'altGraph':
        setProblem('settings.shortcutAltGraph');
        return;
      case 'done':
        store(recorded.accelerator);
        return;
    }
  };

  const shown = recording
    ? held.length > 0
      ? `${describeHeld(held, platform)}…`
      : t('settings.shortcutPress')
    : value
      ? describeShortcut(value, platform)
      : t('settings.shortcutNone');
  const error = problem ? t(problem) : save.refusal ? errorText(t, save.refusal).message : null;

  return (
    <div className="field shortcut-field" data-setting="ui.globalShortcut">
      <div className="field-label">
        <span id={`${id}-label`}>{t('settings.shortcut')}</span>
        <SavedTick saved={save.saved} onFaded={save.hideSaved} />
      </div>
      <div className="shortcut-row">
        <button
          type="button"
          className={`shortcut-key${recording ? ' recording' : ''}`}
          aria-labelledby={`${id}-label ${id}-value`}
          aria-describedby={`${error ? `${id}-error ` : ''}${id}-help`}
          aria-invalid={error ? true : undefined}
          aria-busy={save.saving}
          onClick={() => {
            setProblem(null);
            if (recording) stop();
            else setRecording(true);
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => {
            // Released modifiers leave the display; the ones still held stay.
            if (recording) setHeld(heldModifiers(e, platform));
          }}
          onBlur={stop}
        >
          <kbd id={`${id}-value`}>{shown}</kbd>
        </button>
        {value !== null && !recording && (
          <button type="button" className="button" onClick={() => store(null)}>
            {t('settings.shortcutClear')}
          </button>
        )}
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <p id={`${id}-help`} className="field-hint" aria-live="polite">
        {recording ? t('settings.shortcutRecording') : t('settings.shortcutHint')}
      </p>
    </div>
  );
}
