using IDataView = Microsoft.ML.IDataView;
using System.Globalization;
using System.Text;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data.Formats;

/// <summary>A pose-table CSV file read lazily as a data view (see <see cref="PoseCsv.Read"/>).
/// Every read of the view re-reads the file; call <see cref="DataViews.Cache"/> to hold it in memory.</summary>
public sealed class PoseCsvDataView : BatchDataView
{
    private readonly string _path;
    private readonly PoseCsvReadOptions _options;

    internal PoseCsvDataView(string path, PoseCsvLayout layout, PoseCsvReadOptions options)
    {
        _path = path;
        _options = options;
        Layout = layout;
        var j = layout.Skeleton.JointCount;
        var columns = new List<(string, ColumnType)>
        {
            (PoseColumns.Subject, ColumnType.Text), (PoseColumns.Action, ColumnType.Text),
            (PoseColumns.Camera, ColumnType.Int()), (PoseColumns.Frame, ColumnType.Int()),
        };
        if (layout.Dimensions == 3) columns.Add((PoseColumns.Pose3D, ColumnType.Float(j, 3)));
        else
        {
            columns.Add((PoseColumns.Keypoints2D, ColumnType.Float(j, 2)));
            columns.Add((PoseColumns.Confidence, ColumnType.Float(j)));
        }
        foreach (var extra in layout.ExtraColumns) columns.Add((extra, ColumnType.Text));
        Columns = new BatchSchema(columns);
    }

    /// <summary>The skeleton and dimensionality the header declared.</summary>
    public PoseCsvLayout Layout { get; }

    /// <summary>The file path.</summary>
    public string Path => _path;

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount => null;

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        DataViews.CheckBatchSize(batchSize);
        var joints = Layout.Skeleton.JointCount;
        var dims = Layout.Dimensions;
        var perJoint = dims + (Layout.HasConfidence ? 1 : 0);
        var expectedCells = Layout.CellCount;
        var jointCells = Layout.JointCells;
        var extraCells = Layout.ExtraCells;
        var cellsText = extraCells.Length == 0
            ? $"4 keys + {joints} joints × {perJoint}"
            : $"4 keys + {joints} joints × {perJoint} + {extraCells.Length} other column{(extraCells.Length == 1 ? "" : "s")}";
        var axisNames = dims == 3 ? new[] { "x", "y", "z" } : new[] { "u", "v", "c" };
        using var reader = new StreamReader(_path, Encoding.UTF8, true, 1 << 16);
        long lineNumber = 0, rowNumber = 0;
        PoseCsv.ReadRecord(reader, _path, ref lineNumber, out _); // the header, checked when the view was opened
        while (true)
        {
            var subjects = new List<string>(batchSize);
            var actions = new List<string>(batchSize);
            var cameras = new List<int>(batchSize);
            var frames = new List<int>(batchSize);
            var pose = new List<float>(batchSize * joints * dims);
            var confidence = new List<float>(dims == 2 ? batchSize * joints : 0);
            var extras = extraCells.Select(_ => new List<string>(batchSize)).ToArray();
            List<string>? cells;
            while (subjects.Count < batchSize && (cells = PoseCsv.ReadRecord(reader, _path, ref lineNumber, out var row)) is not null)
            {
                if (cells.Count != expectedCells)
                    throw new DataFormatException(_path, $"expected {expectedCells} cells ({cellsText}), found {cells.Count}", row);
                subjects.Add(cells[0]);
                actions.Add(cells[1]);
                cameras.Add(cells[2].Length == 0 ? PoseColumns.NoCamera : ParseInt(cells[2], row, "camera"));
                frames.Add(ParseInt(cells[3], row, "frame"));
                for (var j = 0; j < joints; j++)
                {
                    var missing = false;
                    for (var d = 0; d < dims; d++)
                    {
                        var v = ParseFloat(cells[jointCells[j * perJoint + d]], row, j, axisNames[d]);
                        missing |= float.IsNaN(v);
                        pose.Add(v);
                    }
                    if (dims == 2)
                    {
                        var c = Layout.HasConfidence ? ParseFloat(cells[jointCells[j * perJoint + 2]], row, j, "c") : 1f;
                        if (float.IsNaN(c)) c = 0f;
                        if (c is < 0f or > 1f)
                            throw new DataFormatException(_path, $"confidence {c} outside [0, 1]", row, $"{Layout.Skeleton.JointNames[j]}_c");
                        confidence.Add(missing ? 0f : c);
                    }
                }
                for (var e = 0; e < extraCells.Length; e++) extras[e].Add(cells[extraCells[e]]);
            }
            if (subjects.Count == 0) yield break;
            var buffers = new List<ColumnBuffer>
            {
                ColumnBuffer.Of(subjects.ToArray()), ColumnBuffer.Of(actions.ToArray()),
                ColumnBuffer.Of(cameras.ToArray()), ColumnBuffer.Of(frames.ToArray()), ColumnBuffer.Of(pose.ToArray()),
            };
            if (dims == 2) buffers.Add(ColumnBuffer.Of(confidence.ToArray()));
            foreach (var e in extras) buffers.Add(ColumnBuffer.Of(e.ToArray()));
            yield return new DataBatch(Columns, subjects.Count, rowNumber, buffers);
            rowNumber += subjects.Count;
        }
    }

    private int ParseInt(string cell, long line, string field) =>
        int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new DataFormatException(_path, $"expected an integer, found '{cell}'", line, field);

    private float ParseFloat(string cell, long line, int joint, string axis)
    {
        var field = $"{Layout.Skeleton.JointNames[joint]}_{axis}";
        if (cell.Length == 0)
        {
            if (_options.AllowMissing) return float.NaN;
            throw new DataFormatException(_path, "empty cell; a value is required (missing joints are allowed only with AllowMissing)", line, field);
        }
        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new DataFormatException(_path, $"expected a number, found '{cell}'", line, field);
        if (float.IsInfinity(v) || (float.IsNaN(v) && !_options.AllowMissing))
            throw new DataFormatException(_path, $"expected a finite number, found '{cell}'", line, field);
        return v;
    }
}
