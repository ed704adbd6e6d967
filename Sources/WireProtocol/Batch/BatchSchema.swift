/// A validated BATCH schema (family name and column descriptors) with everything decoding derives
/// from it once: each column's shape and the plan for reading the column data.
///
/// Immutable and shared: the schema cache keeps one per family, and every batch decoded with it
/// refers to the same object, so a cache hit costs one reference instead of copies of the name,
/// descriptor, flag and width arrays.
final class BatchSchema: Sendable {
    let family: String
    let columns: [ColumnDescriptor]
    /// One per column, in column order.
    let shapes: [ColumnShape]
    /// How `ColumnReader` walks the column data: runs of plain fixed-width columns, each checked
    /// with one length comparison, and single columns that need per-value checks.
    let steps: [ColumnStep]
    /// Text, bytea and numeric columns; each adds `rowCount` value ends to a batch's index.
    let variableColumnCount: Int

    /// - Precondition: `columns` and `flags` passed the descriptor checks of `Batch.Header.read`.
    init(family: String, columns: [ColumnDescriptor], flags: [UInt8]) {
        self.family = family
        self.columns = columns
        var shapes: [ColumnShape] = []
        shapes.reserveCapacity(columns.count)
        var variable = 0
        for (column, columnFlags) in zip(columns, flags) {
            let width = column.type.fixedWidth ?? 0
            shapes.append(ColumnShape(type: column.type, flags: columnFlags, width: UInt8(width),
                                      variableOrdinal: width == 0 ? UInt16(variable) : 0))
            if width == 0 { variable += 1 }
        }
        self.shapes = shapes
        variableColumnCount = variable
        var steps: [ColumnStep] = []
        for (index, shape) in shapes.enumerated() {
            guard shape.isPlain else {
                steps.append(ColumnStep(first: index, count: 1, width: 0))
                continue
            }
            if let last = steps.last, last.width != 0, last.first + last.count == index {
                steps[steps.count - 1] = ColumnStep(first: last.first, count: last.count + 1, width: last.width + Int(shape.width))
            } else {
                steps.append(ColumnStep(first: index, count: 1, width: Int(shape.width)))
            }
        }
        self.steps = steps
    }

    /// Words of a batch's index with `rowCount` rows: one offset per column, then the value ends
    /// of every variable-width column.
    func indexCount(rowCount: Int) -> Int {
        shapes.count + variableColumnCount * rowCount
    }
}

/// What decoding and reading need to know about one column, besides where its bytes are.
struct ColumnShape: Hashable, Sendable {
    let type: ColumnType
    /// The descriptor's flags.
    let flags: UInt8
    /// Bytes per value of a fixed-width type; 0 for text, bytea and numeric.
    let width: UInt8
    /// Variable-width columns: how many variable-width columns precede this one, which places
    /// its value ends in the batch's index.
    let variableOrdinal: UInt16

    var hasNullBitmap: Bool { flags & ColumnLayout.nullBitmapFlag != 0 }
    var isShuffled: Bool { flags & ColumnLayout.shuffledFlag != 0 }
    /// Fixed-width, not bool and without null bitmap: reading it is a length check.
    var isPlain: Bool { width != 0 && type != .bool && !hasNullBitmap }
}

/// One step of reading a batch's column data: `count` consecutive columns from `first`. A step
/// with `width` > 0 is a run of plain fixed-width columns whose values take `width × rowCount`
/// bytes together; a step with `width` 0 is one column read with all its checks.
struct ColumnStep: Hashable, Sendable {
    let first: Int
    let count: Int
    let width: Int
}
