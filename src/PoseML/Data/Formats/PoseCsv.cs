using System.Collections.Immutable;
using IDataView = Microsoft.ML.IDataView;
using System.Globalization;
using System.Text;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data.Formats;

/// <summary>The pose-table CSV, PoseML's interchange format (DESIGN.md §4): header
/// <c>subject,action,camera,frame,</c> then per joint <c>&lt;Name&gt;_x,&lt;Name&gt;_y,&lt;Name&gt;_z</c> (mm) for 3D,
/// or <c>&lt;Name&gt;_u,&lt;Name&gt;_v</c> (pixels) with an optional <c>&lt;Name&gt;_c</c> (confidence) for 2D.
/// One row per frame; an empty camera cell means no camera (<see cref="PoseColumns.NoCamera"/>).</summary>
public static class PoseCsv
{
    private static readonly string[] KeyHeader = ["subject", "action", "camera", "frame"];

    /// <summary>Opens a pose table as a lazy data view: the header is read and checked now, rows are
    /// parsed while the view is read, so tables larger than memory stream. Columns: Subject, Action,
    /// Camera, Frame and either Pose3D [J,3] or Keypoints2D [J,2] plus Confidence [J] (all 1 when the
    /// file has no <c>_c</c> columns).</summary>
    /// <exception cref="DataFormatException">Bad header, unknown joints, or (while reading) a malformed row.</exception>
    public static PoseCsvDataView Read(string path, PoseCsvReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        List<string>? header;
        using (var reader = new StreamReader(path, Encoding.UTF8))
        {
            long line = 0;
            header = ReadRecord(reader, path, ref line, out _);
        }
        if (header is null) throw new DataFormatException(path, "empty file; expected a header 'subject,action,camera,frame,...'", 1);
        return new PoseCsvDataView(path, ParseHeader(path, header, options?.Skeleton), options ?? new PoseCsvReadOptions());
    }

    /// <summary>Writes a pose table atomically. Keys come from the Subject, Action, Camera and Frame
    /// columns (missing ones are written empty / as the row number); the pose from
    /// <paramref name="poseColumn"/>, which is [J,3] (3D, _x,_y,_z) or [J,2] (2D, _u,_v, plus _c when
    /// <paramref name="confidenceColumn"/> is present in the data). Every other scalar text column (such as the
    /// extra columns <see cref="Read"/> keeps, e.g. <c>occurrence</c>) follows the joint columns, under its own
    /// name, so a table read and written back keeps them. <paramref name="cancellationToken"/> is checked
    /// before each batch; cancelling it throws <see cref="OperationCanceledException"/> and leaves no file (nor a
    /// temporary one) behind.</summary>
    public static void Write(IDataView data, string path, Skeleton skeleton, string poseColumn, string? confidenceColumn = PoseColumns.Confidence,
        CancellationToken cancellationToken = default)
    {
        var type = data.Columns()[poseColumn].Type;
        if (type.Kind != DataKind.Float32 || type.Shape.Length != 2 || type.Shape[0] != skeleton.JointCount || type.Shape[1] is not (2 or 3))
            throw new SchemaMismatchException(poseColumn, $"expected float[{skeleton.JointCount},3] or float[{skeleton.JointCount},2] for skeleton {skeleton.Name}, found {type}");
        var dims = type.Shape[1];
        var hasConfidence = dims == 2 && confidenceColumn is not null && data.Columns().TryGetColumn(confidenceColumn, out _);
        if (hasConfidence) data.Columns().Require(confidenceColumn!, ColumnType.Float(skeleton.JointCount));
        var has = (string name, ColumnType t) => data.Columns().TryGetColumn(name, out var c) && c.Type.Equals(t);
        var hasSubject = has(PoseColumns.Subject, ColumnType.Text);
        var hasAction = has(PoseColumns.Action, ColumnType.Text);
        var hasCamera = has(PoseColumns.Camera, ColumnType.Int());
        var hasFrame = has(PoseColumns.Frame, ColumnType.Int());
        var axes = dims == 3 ? new[] { "x", "y", "z" } : hasConfidence ? new[] { "u", "v", "c" } : new[] { "u", "v" };
        var extras = data.Columns()
            .Where(c => c.Type.Equals(ColumnType.Text) && c.Name is not (PoseColumns.Subject or PoseColumns.Action))
            .Select(c => c.Name).ToArray();
        var headerNames = new HashSet<string>(KeyHeader, StringComparer.Ordinal);
        foreach (var joint in skeleton.JointNames)
            foreach (var a in axes) headerNames.Add($"{joint}_{a}");
        foreach (var extra in extras)
        {
            if (headerNames.Contains(extra.Trim()) || extra.Trim().Length == 0)
                throw new SchemaMismatchException(extra, $"a text column named '{extra}' cannot be written to a pose table: the name is empty or taken by a key or joint column");
        }
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.WriteText(path, w =>
        {
            w.Write(string.Join(',', KeyHeader));
            foreach (var joint in skeleton.JointNames)
                foreach (var a in axes) w.Write($",{joint}_{a}");
            foreach (var extra in extras) w.Write($",{Escape(extra)}");
            w.Write('\n');
            Span<char> number = stackalloc char[32];
            foreach (var batch in data.GetBatches())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pose = batch.GetFloats(poseColumn);
                var conf = hasConfidence ? batch.GetFloats(confidenceColumn!) : default;
                for (var r = 0; r < batch.RowCount; r++)
                {
                    w.Write(hasSubject ? Escape(batch.GetTexts(PoseColumns.Subject)[r]) : "");
                    w.Write(',');
                    w.Write(hasAction ? Escape(batch.GetTexts(PoseColumns.Action)[r]) : "");
                    w.Write(',');
                    if (hasCamera && batch.GetInts(PoseColumns.Camera)[r] != PoseColumns.NoCamera)
                        w.Write(batch.GetInts(PoseColumns.Camera)[r].ToString(CultureInfo.InvariantCulture));
                    w.Write(',');
                    w.Write((hasFrame ? batch.GetInts(PoseColumns.Frame)[r] : batch.StartRow + r).ToString(CultureInfo.InvariantCulture));
                    for (var j = 0; j < skeleton.JointCount; j++)
                    {
                        for (var d = 0; d < dims; d++) WriteNumber(w, pose[(r * skeleton.JointCount + j) * dims + d], number);
                        if (hasConfidence) WriteNumber(w, conf[r * skeleton.JointCount + j], number);
                    }
                    foreach (var extra in extras)
                    {
                        w.Write(',');
                        w.Write(Escape(batch.GetTexts(extra)[r]));
                    }
                    w.Write('\n');
                }
            }
        });
    }

    /// <summary>Copies the pose table at <paramref name="inputPath"/> to <paramref name="outputPath"/> (atomically)
    /// with one more column, <paramref name="column"/>, holding <paramref name="values"/> (one per row, in file order;
    /// NaN is written as an empty cell). Every other cell is kept as it is; a column of that name already in the
    /// table has its values replaced instead of being repeated.</summary>
    /// <exception cref="DataFormatException">The input is not a CSV table, or its row count differs from
    /// <paramref name="values"/> (the file changed while it was being processed).</exception>
    public static void WriteWithColumn(string inputPath, string outputPath, string column, IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!File.Exists(inputPath)) throw new DataFormatException(inputPath, "file not found");
        AtomicFile.WriteText(outputPath, w =>
        {
            using var reader = new StreamReader(inputPath, Encoding.UTF8);
            long line = 0;
            var header = ReadRecord(reader, inputPath, ref line, out _)
                ?? throw new DataFormatException(inputPath, "empty file; expected a header 'subject,action,camera,frame,...'", 1);
            var at = header.FindIndex(h => h.Trim() == column);
            if (at < 0) header.Add(column);
            w.Write(string.Join(',', header.Select(Escape)));
            w.Write('\n');
            var row = 0;
            while (ReadRecord(reader, inputPath, ref line, out var start) is { } cells)
            {
                if (row >= values.Count) throw new DataFormatException(inputPath, "the file changed while it was being processed: it has more rows than values", start);
                var text = float.IsNaN(values[row]) ? "" : values[row].ToString("R", CultureInfo.InvariantCulture);
                if (at < 0) cells.Add(text);
                else if (at < cells.Count) cells[at] = text;
                else throw new DataFormatException(inputPath, $"expected {header.Count} cells, found {cells.Count}", start, column);
                w.Write(string.Join(',', cells.Select(Escape)));
                w.Write('\n');
                row++;
            }
            if (row != values.Count) throw new DataFormatException(inputPath, $"the file changed while it was being processed: {row} rows for {values.Count} values", line + 1);
        });
    }

    private static void WriteNumber(TextWriter w, float value, Span<char> buffer)
    {
        w.Write(',');
        if (float.IsNaN(value)) return; // a missing value is an empty cell
        value.TryFormat(buffer, out var n, "R", CultureInfo.InvariantCulture);
        w.Write(buffer[..n]);
    }

    internal static PoseCsvLayout ParseHeader(string path, IReadOnlyList<string> cells, Skeleton? skeleton)
    {
        for (var i = 0; i < KeyHeader.Length; i++)
        {
            if (i >= cells.Count || !string.Equals(cells[i].Trim(), KeyHeader[i], StringComparison.OrdinalIgnoreCase))
                throw new DataFormatException(path, $"header column {i + 1} must be '{KeyHeader[i]}', found '{(i < cells.Count ? cells[i] : "")}'", 1, i < cells.Count ? cells[i] : KeyHeader[i]);
        }
        var names = cells.Select(c => c.Trim()).ToArray();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = KeyHeader.Length; i < names.Length; i++)
        {
            if (names[i].Length == 0) throw new DataFormatException(path, $"header column {i + 1} is empty; expected a column name", 1);
            if (!position.TryAdd(names[i], i))
                throw new DataFormatException(path, $"column '{names[i]}' appears twice in the header (columns {position[names[i]] + 1} and {i + 1})", 1, names[i]);
        }
        var rest = names.Skip(KeyHeader.Length).ToArray();
        int dims;
        if (rest.Any(c => c.EndsWith("_x", StringComparison.Ordinal))) dims = 3;
        else if (rest.Any(c => c.EndsWith("_u", StringComparison.Ordinal))) dims = 2;
        else throw new DataFormatException(path, $"no joint columns after 'subject,action,camera,frame'; expected <Joint>_x,<Joint>_y,<Joint>_z (3D) or <Joint>_u,<Joint>_v[,<Joint>_c] (2D)", 1, rest.Length > 0 ? rest[0] : null);
        var first = dims == 3 ? "_x" : "_u";
        var stems = rest.Where(c => c.EndsWith(first, StringComparison.Ordinal) && c.Length > 2).Select(c => c[..^2]).ToArray();
        var resolved = skeleton ?? InferSkeleton(path, stems, position, first);
        var hasConfidence = dims == 2 && resolved.JointNames.Any(j => position.ContainsKey($"{j}_c"));
        string[] axes = dims == 3 ? ["x", "y", "z"] : hasConfidence ? ["u", "v", "c"] : ["u", "v"];
        var jointCells = new int[resolved.JointCount * axes.Length];
        var used = new HashSet<int>();
        for (var j = 0; j < resolved.JointCount; j++)
        {
            for (var a = 0; a < axes.Length; a++)
            {
                var column = $"{resolved.JointNames[j]}_{axes[a]}";
                if (!position.TryGetValue(column, out var at))
                    throw new DataFormatException(path, $"missing joint column '{column}'; skeleton {resolved.Name} needs {string.Join(",", axes.Select(x => "<Joint>_" + x))} for each of its {resolved.JointCount} joints ({string.Join(",", resolved.JointNames)})", 1, column);
                jointCells[j * axes.Length + a] = at;
                used.Add(at);
            }
        }
        var reserved = new[] { PoseColumns.Subject, PoseColumns.Action, PoseColumns.Camera, PoseColumns.Frame, PoseColumns.Pose3D, PoseColumns.Keypoints2D, PoseColumns.Confidence };
        var extras = new List<string>();
        var extraCells = new List<int>();
        for (var i = KeyHeader.Length; i < names.Length; i++)
        {
            if (used.Contains(i)) continue;
            if (reserved.Contains(names[i], StringComparer.OrdinalIgnoreCase))
                throw new DataFormatException(path, $"extra column '{names[i]}' has the name of a column every pose table has; rename it", 1, names[i]);
            extras.Add(names[i]);
            extraCells.Add(i);
        }
        return new PoseCsvLayout(resolved, dims, hasConfidence)
        {
            ExtraColumns = [.. extras],
            CellCount = names.Length,
            JointCells = jointCells,
            ExtraCells = [.. extraCells],
        };
    }

    private static Skeleton InferSkeleton(string path, string[] stems, Dictionary<string, int> position, string first)
    {
        Skeleton[] known = [Skeletons.Human36M17, Skeletons.Mpii16, Skeletons.Coco17];
        // The skeleton whose joints the header names most (all of them, for a well-formed table); a table that
        // lacks a column then gets an error naming that column rather than a count.
        var best = known.MaxBy(s => s.JointNames.Count(j => position.ContainsKey(j + first)))!;
        if (best.JointNames.Any(j => position.ContainsKey(j + first))) return best;
        throw new DataFormatException(path, $"{stems.Length} joints ({string.Join(",", stems)}) match no known skeleton; expected the joints of h36m17 ({string.Join(",", Skeletons.Human36M17.JointNames)}), mpii16 or coco17", 1);
    }

    /// <summary>Reads one CSV record (RFC 4180): cells separated by commas; a cell that starts with a double quote
    /// runs to the closing quote, may hold commas, doubled quotes and line breaks (a record then spans lines). Blank
    /// lines between records are skipped. <paramref name="lineNumber"/> is the number of lines read so far and
    /// advances past the record; <paramref name="startLine"/> is the line the record starts on. Null at the end.</summary>
    /// <exception cref="DataFormatException">A quoted cell is still open at the end of the file.</exception>
    internal static List<string>? ReadRecord(TextReader reader, string path, ref long lineNumber, out long startLine)
    {
        string? line;
        do
        {
            line = reader.ReadLine();
            startLine = ++lineNumber;
            if (line is null)
            {
                lineNumber--;
                return null;
            }
        }
        while (line.Length == 0);
        if (!line.Contains('"')) return [.. line.Split(',')];
        var cells = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
        var quoted = false; // the current cell started with a quote
        while (true)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var ch = line[i];
                if (inQuotes)
                {
                    if (ch == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                        else inQuotes = false;
                    }
                    else sb.Append(ch);
                }
                else if (ch == '"' && sb.Length == 0 && !quoted) { inQuotes = true; quoted = true; }
                else if (ch == ',') { cells.Add(sb.ToString()); sb.Clear(); quoted = false; }
                else sb.Append(ch);
            }
            if (!inQuotes) break;
            // A line break inside a quoted cell belongs to the cell.
            line = reader.ReadLine();
            if (line is null)
                throw new DataFormatException(path, $"quoted cell {cells.Count + 1} opened on line {startLine} is never closed (missing '\"'; truncated?)", startLine);
            lineNumber++;
            sb.Append('\n');
        }
        cells.Add(sb.ToString());
        return cells;
    }

    /// <summary>Writes one CSV cell, quoting it when it holds a comma, quote or line break.</summary>
    internal static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

/// <summary>Options of <see cref="PoseCsv.Read"/>.</summary>
public sealed record PoseCsvReadOptions
{
    /// <summary>The skeleton the joint columns must match; null infers it from the joint names.</summary>
    public Skeleton? Skeleton { get; init; }

    /// <summary>When true, empty (or NaN) coordinate cells read as NaN and, in 2D, give confidence 0
    /// (a missing joint). When false (the default), they are an error naming the row and column.</summary>
    public bool AllowMissing { get; init; }
}

/// <summary>What a pose table's header says: its skeleton, 2 or 3 dimensions, and whether it has confidences.</summary>
public sealed record PoseCsvLayout(Skeleton Skeleton, int Dimensions, bool HasConfidence)
{
    /// <summary>Columns of the file that are neither keys nor joint coordinates (e.g. <c>occurrence</c>, written by
    /// <c>poseml rarity</c>), in file order. The data view exposes each as a text column of that name, and
    /// <see cref="PoseCsv.Write"/> writes such text columns back, so they survive a read and a write.</summary>
    public ImmutableArray<string> ExtraColumns { get; init; } = [];

    /// <summary>Cells per row (the header's column count).</summary>
    internal int CellCount { get; init; }

    /// <summary>Cell index of each joint coordinate, joint-major, in axis order (x,y,z / u,v[,c]).</summary>
    internal int[] JointCells { get; init; } = [];

    /// <summary>Cell index of each extra column.</summary>
    internal int[] ExtraCells { get; init; } = [];
}
