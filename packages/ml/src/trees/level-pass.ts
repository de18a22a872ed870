import { type HistogramArena, NODE_INFO_FIELDS } from './histogram-arena.ts';

/**
 * The JavaScript twin of the `level_pass` WebAssembly kernel (used when WebAssembly memory
 * is unavailable): for rows [start, end), move rows of splitting nodes to their children
 * when `partition`, then add each row whose node has a histogram in `targets` to it. Same
 * order, same arithmetic, same bits.
 */
export function levelPassJs(
  arena: HistogramArena,
  start: number,
  end: number,
  F: number,
  targets: ReadonlyMap<number, Float64Array>,
  partition: boolean,
): void {
  const { nodeOf, nodeInfo: info, columnBins, rowBins, binOffsets, gh } = arena;
  const n = nodeOf.length;
  for (let r = start; r < end; r++) {
    let node = nodeOf[r]!;
    if (node < 0) continue;
    if (partition) {
      const ip = node * NODE_INFO_FIELDS;
      const f = info[ip]!;
      if (f >= 0) {
        const b = columnBins[f * n + r]!;
        const goLeft = b === info[ip + 2] ? info[ip + 3] === 1 : b <= info[ip + 1]!;
        node = goLeft ? info[ip + 4]! : info[ip + 5]!;
        nodeOf[r] = node;
      }
    }
    const hist = targets.get(node);
    if (!hist) continue;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    for (let j = 0; j < F; j++) {
      const s = (binOffsets[j]! + rowBins[r * F + j]!) << 1;
      hist[s]! += g;
      hist[s + 1]! += h;
    }
  }
}
