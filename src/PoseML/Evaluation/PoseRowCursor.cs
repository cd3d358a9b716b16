using IDataView = Microsoft.ML.IDataView;
using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Evaluation;

/// <summary>Row-at-a-time access to the key columns and one pose column of a data view, read in
/// batches. Key columns that the view lacks read as empty text / <see cref="PoseColumns.NoCamera"/> /
/// the row number.</summary>
internal sealed class PoseRowCursor : IDisposable
{
    private readonly IEnumerator<DataBatch> _batches;
    private readonly string _pose;
    private readonly string? _secondPose;
    private readonly int _rowSize;
    private readonly bool _hasSubject, _hasAction, _hasCamera;
    private DataBatch? _batch;
    private ReadOnlyMemory<float> _poses, _secondPoses;
    private ReadOnlyMemory<string> _subjects, _actions;
    private ReadOnlyMemory<int> _cameras, _frames;
    private int _index = -1;

    /// <summary>Opens a cursor over <paramref name="poseColumn"/> and, when given, a second pose column
    /// of the same shape read in the same pass.</summary>
    public PoseRowCursor(IDataView view, string poseColumn, int joints, int batchSize, string? secondPoseColumn = null)
    {
        _pose = poseColumn;
        _secondPose = secondPoseColumn;
        _rowSize = joints * 3;
        var schema = view.Columns();
        _hasSubject = Has(schema, PoseColumns.Subject, ColumnType.Text);
        _hasAction = Has(schema, PoseColumns.Action, ColumnType.Text);
        _hasCamera = Has(schema, PoseColumns.Camera, ColumnType.Int());
        HasFrame = Has(schema, PoseColumns.Frame, ColumnType.Int());
        var columns = new List<string> { poseColumn };
        if (secondPoseColumn is not null) columns.Add(secondPoseColumn);
        if (_hasSubject) columns.Add(PoseColumns.Subject);
        if (_hasAction) columns.Add(PoseColumns.Action);
        if (_hasCamera) columns.Add(PoseColumns.Camera);
        if (HasFrame) columns.Add(PoseColumns.Frame);
        _batches = view.GetBatches(batchSize, columns).GetEnumerator();
    }

    /// <summary>Whether the view has an int Frame column (needed for the velocity error).</summary>
    public bool HasFrame { get; }

    /// <summary>0-based number of the current row in the view.</summary>
    public long Row { get; private set; } = -1;

    /// <summary>The current row's key.</summary>
    public PoseKey Key { get; private set; }

    /// <summary>The current row's pose (<c>joints × 3</c>).</summary>
    public ReadOnlySpan<float> Pose => _poses.Span.Slice(_index * _rowSize, _rowSize);

    /// <summary>The current row's value of the second pose column.</summary>
    public ReadOnlySpan<float> SecondPose => _secondPoses.Span.Slice(_index * _rowSize, _rowSize);

    /// <summary>Whether a view has column <paramref name="name"/> of type <paramref name="type"/>.</summary>
    public static bool Has(BatchSchema schema, string name, ColumnType type) =>
        schema.TryGetColumn(name, out var c) && c.Type.Equals(type);

    /// <summary>Advances to the next row; false at the end.</summary>
    public bool MoveNext()
    {
        while (_batch is null || _index + 1 >= _batch.RowCount)
        {
            if (!_batches.MoveNext()) return false;
            _batch = _batches.Current;
            _index = -1;
            _poses = _batch.GetFloatMemory(_pose);
            if (_secondPose is not null) _secondPoses = _batch.GetFloatMemory(_secondPose);
            if (_hasSubject) _subjects = _batch.Buffer(PoseColumns.Subject).Texts;
            if (_hasAction) _actions = _batch.Buffer(PoseColumns.Action).Texts;
            if (_hasCamera) _cameras = _batch.Buffer(PoseColumns.Camera).Ints;
            if (HasFrame) _frames = _batch.Buffer(PoseColumns.Frame).Ints;
        }
        _index++;
        Row++;
        Key = new PoseKey(
            _hasSubject ? _subjects.Span[_index] : "",
            _hasAction ? _actions.Span[_index] : "",
            _hasCamera ? _cameras.Span[_index] : PoseColumns.NoCamera,
            HasFrame ? _frames.Span[_index] : (int)Math.Min(Row, int.MaxValue));
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _batches.Dispose();
}
