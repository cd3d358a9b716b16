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
        var expectedCells = 4 + joints * perJoint;
        var axisNames = dims == 3 ? new[] { "x", "y", "z" } : new[] { "u", "v", "c" };
        using var reader = new StreamReader(_path, Encoding.UTF8, true, 1 << 16);
        reader.ReadLine();
        long lineNumber = 1, rowNumber = 0;
        while (true)
        {
            var subjects = new List<string>(batchSize);
            var actions = new List<string>(batchSize);
            var cameras = new List<int>(batchSize);
            var frames = new List<int>(batchSize);
            var pose = new List<float>(batchSize * joints * dims);
            var confidence = new List<float>(dims == 2 ? batchSize * joints : 0);
            string? line;
            while (subjects.Count < batchSize && (line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (line.Length == 0) continue;
                var cells = line.Contains('"') ? PoseCsv.SplitLine(line, _path, lineNumber) : [.. line.Split(',')];
                if (cells.Count != expectedCells)
                    throw new DataFormatException(_path, $"expected {expectedCells} cells (4 keys + {joints} joints × {perJoint}), found {cells.Count}", lineNumber);
                subjects.Add(cells[0]);
                actions.Add(cells[1]);
                cameras.Add(cells[2].Length == 0 ? PoseColumns.NoCamera : ParseInt(cells[2], lineNumber, "camera"));
                frames.Add(ParseInt(cells[3], lineNumber, "frame"));
                for (var j = 0; j < joints; j++)
                {
                    var missing = false;
                    for (var d = 0; d < dims; d++)
                    {
                        var v = ParseFloat(cells[4 + j * perJoint + d], lineNumber, j, axisNames[d]);
                        missing |= float.IsNaN(v);
                        pose.Add(v);
                    }
                    if (dims == 2)
                    {
                        var c = Layout.HasConfidence ? ParseFloat(cells[4 + j * perJoint + 2], lineNumber, j, "c") : 1f;
                        if (float.IsNaN(c)) c = 0f;
                        if (c is < 0f or > 1f)
                            throw new DataFormatException(_path, $"confidence {c} outside [0, 1]", lineNumber, $"{Layout.Skeleton.JointNames[j]}_c");
                        confidence.Add(missing ? 0f : c);
                    }
                }
            }
            if (subjects.Count == 0) yield break;
            var buffers = new List<ColumnBuffer>
            {
                ColumnBuffer.Of(subjects.ToArray()), ColumnBuffer.Of(actions.ToArray()),
                ColumnBuffer.Of(cameras.ToArray()), ColumnBuffer.Of(frames.ToArray()), ColumnBuffer.Of(pose.ToArray()),
            };
            if (dims == 2) buffers.Add(ColumnBuffer.Of(confidence.ToArray()));
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
