'use client';

/**
 * A text field of the edit controls, saved on Enter or when it loses focus if its text changed
 * (an empty text clears the field). Uncontrolled and keyed by the value, so a change saved by
 * another viewer replaces it.
 */
export function CommitTextInput({
  title,
  ariaLabel,
  value,
  maxLength,
  placeholder,
  testId,
  onCommit,
}: {
  title: string;
  ariaLabel: string;
  value: string | undefined;
  maxLength: number;
  placeholder?: string | undefined;
  testId: string;
  onCommit: (text: string) => void;
}) {
  const commit = (text: string) => {
    if (text.trim() !== (value ?? '')) onCommit(text);
  };
  return (
    <label className="widget-control">
      {title}
      <input
        type="text"
        key={`${testId}-${value ?? ''}`}
        defaultValue={value ?? ''}
        maxLength={maxLength}
        placeholder={placeholder}
        data-testid={testId}
        aria-label={ariaLabel}
        onBlur={(e) => commit(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget.value);
        }}
      />
    </label>
  );
}
