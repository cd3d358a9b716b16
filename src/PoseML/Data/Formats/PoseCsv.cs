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
        string? header;
        using (var reader = new StreamReader(path, Encoding.UTF8))
            header = reader.ReadLine();
        if (header is null) throw new DataFormatException(path, "empty file; expected a header 'subject,action,camera,frame,...'", 1);
        return new PoseCsvDataView(path, ParseHeader(path, header, options?.Skeleton), options ?? new PoseCsvReadOptions());
    }

    /// <summary>Writes a pose table atomically. Keys come from the Subject, Action, Camera and Frame
    /// columns (missing ones are written empty / as the row number); the pose from
    /// <paramref name="poseColumn"/>, which is [J,3] (3D, _x,_y,_z) or [J,2] (2D, _u,_v, plus _c when
    /// <paramref name="confidenceColumn"/> is present in the data). <paramref name="cancellationToken"/> is checked
    /// before each batch; cancelling it throws <see cref="OperationCanceledException"/> and leaves no file (nor a
    /// temporary one) behind.</summary>
    public static void Write(IDataView data, string path, Skeleton skeleton, string poseColumn, string? confidenceColumn = PoseColumns.Confidence,
        CancellationToken cancellationToken = default)
    {
        var type = data.Schema[poseColumn].Type;
        if (type.Kind != DataKind.Float32 || type.Shape.Length != 2 || type.Shape[0] != skeleton.JointCount || type.Shape[1] is not (2 or 3))
            throw new SchemaMismatchException(poseColumn, $"expected float[{skeleton.JointCount},3] or float[{skeleton.JointCount},2] for skeleton {skeleton.Name}, found {type}");
        var dims = type.Shape[1];
        var hasConfidence = dims == 2 && confidenceColumn is not null && data.Schema.TryGetColumn(confidenceColumn, out _);
        if (hasConfidence) data.Schema.Require(confidenceColumn!, ColumnType.Float(skeleton.JointCount));
        var has = (string name, ColumnType t) => data.Schema.TryGetColumn(name, out var c) && c.Type.Equals(t);
        var hasSubject = has(PoseColumns.Subject, ColumnType.Text);
        var hasAction = has(PoseColumns.Action, ColumnType.Text);
        var hasCamera = has(PoseColumns.Camera, ColumnType.Int());
        var hasFrame = has(PoseColumns.Frame, ColumnType.Int());
        var axes = dims == 3 ? new[] { "x", "y", "z" } : hasConfidence ? new[] { "u", "v", "c" } : new[] { "u", "v" };
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.WriteText(path, w =>
        {
            w.Write(string.Join(',', KeyHeader));
            foreach (var joint in skeleton.JointNames)
                foreach (var a in axes) w.Write($",{joint}_{a}");
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
                    w.Write('\n');
                }
            }
        });
    }

    private static void WriteNumber(TextWriter w, float value, Span<char> buffer)
    {
        w.Write(',');
        if (float.IsNaN(value)) return; // a missing value is an empty cell
        value.TryFormat(buffer, out var n, "R", CultureInfo.InvariantCulture);
        w.Write(buffer[..n]);
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    internal static PoseCsvLayout ParseHeader(string path, string header, Skeleton? skeleton)
    {
        var cells = SplitLine(header, path, 1);
        for (var i = 0; i < KeyHeader.Length; i++)
        {
            if (i >= cells.Count || !string.Equals(cells[i].Trim(), KeyHeader[i], StringComparison.OrdinalIgnoreCase))
                throw new DataFormatException(path, $"header column {i + 1} must be '{KeyHeader[i]}', found '{(i < cells.Count ? cells[i] : "")}'", 1, i < cells.Count ? cells[i] : KeyHeader[i]);
        }
        var rest = cells.Skip(KeyHeader.Length).Select(c => c.Trim()).ToArray();
        if (rest.Length == 0) throw new DataFormatException(path, "no joint columns after 'subject,action,camera,frame'", 1);
        var suffix = rest[0].LastIndexOf('_') is var u and > 0 ? rest[0][(u + 1)..] : "";
        int dims;
        bool hasConfidence;
        string[] axes;
        if (suffix == "x") { dims = 3; hasConfidence = false; axes = ["x", "y", "z"]; }
        else if (suffix == "u")
        {
            dims = 2;
            hasConfidence = rest.Length > 2 && rest[2].EndsWith("_c", StringComparison.Ordinal);
            axes = hasConfidence ? ["u", "v", "c"] : ["u", "v"];
        }
        else throw new DataFormatException(path, $"joint column '{rest[0]}' must end in _x (3D) or _u (2D)", 1, rest[0]);
        if (rest.Length % axes.Length != 0)
            throw new DataFormatException(path, $"{rest.Length} joint columns is not a whole number of joints with columns {string.Join(",", axes.Select(a => "_" + a))}", 1);
        var names = new string[rest.Length / axes.Length];
        for (var j = 0; j < names.Length; j++)
        {
            var first = rest[j * axes.Length];
            var name = first.EndsWith("_" + axes[0], StringComparison.Ordinal) ? first[..^(axes[0].Length + 1)] : "";
            for (var a = 0; a < axes.Length; a++)
            {
                var cell = rest[j * axes.Length + a];
                if (name.Length == 0 || cell != $"{name}_{axes[a]}")
                    throw new DataFormatException(path, $"expected '{(name.Length == 0 ? "<Joint>" : name)}_{axes[a]}' at header column {KeyHeader.Length + j * axes.Length + a + 1}", 1, cell);
            }
            names[j] = name;
        }
        var resolved = skeleton ?? InferSkeleton(path, names);
        if (!resolved.JointNames.SequenceEqual(names))
            throw new DataFormatException(path, $"joints {string.Join(",", names)} do not match skeleton {resolved.Name} ({string.Join(",", resolved.JointNames)})", 1);
        return new PoseCsvLayout(resolved, dims, hasConfidence);
    }

    private static Skeleton InferSkeleton(string path, string[] names)
    {
        foreach (var s in new[] { Skeletons.Human36M17, Skeletons.Mpii16, Skeletons.Coco17 })
        {
            if (s.JointNames.SequenceEqual(names)) return s;
        }
        throw new DataFormatException(path, $"{names.Length} joints ({string.Join(",", names)}) match no known skeleton; expected the joints of h36m17 ({string.Join(",", Skeletons.Human36M17.JointNames)}), mpii16 or coco17", 1);
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting) into cells.</summary>
    internal static List<string> SplitLine(string line, string path, long lineNumber)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
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
            else if (ch == '"' && sb.Length == 0) inQuotes = true;
            else if (ch == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        if (inQuotes) throw new DataFormatException(path, "unterminated quoted cell", lineNumber);
        cells.Add(sb.ToString());
        return cells;
    }
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
public sealed record PoseCsvLayout(Skeleton Skeleton, int Dimensions, bool HasConfidence);
