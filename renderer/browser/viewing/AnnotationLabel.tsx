import type { Point2 } from '../../common/viewing/viewTransform';

/** A measurement's lines of text beside its anchor (the stack measurements and the SUV regions alike). */
export function AnnotationLabel({ anchor, lines, testId }: { anchor: Point2; lines: string[]; testId: string }) {
  return (
    <text x={anchor[0] + 8} y={anchor[1] - 6} data-testid={testId}>
      {lines.map((line, i) => (
        <tspan key={i} x={anchor[0] + 8} dy={i ? 14 : 0}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
