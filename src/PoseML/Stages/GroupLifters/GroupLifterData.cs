using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Stages.GroupLifters;

/// <summary>Training rows held in memory: 2D keypoints [N, J·2], 3D poses [N, J·3] and subjects.</summary>
internal sealed record GroupLifterData(float[] Keypoints, float[] Poses, string[]? Subjects, int Rows)
{
    public static GroupLifterData Read(IDataView data, GroupLifterOptions o, int joints, string what, PoseML.MLNet.PoseRunContext context)
    {
        var hasSubject = data.Columns().TryGetColumn(PoseColumns.Subject, out var s) && s.Type.Kind == DataKind.Text;
        var columns = new List<string> { o.InputColumnName, o.LabelColumnName };
        if (hasSubject) columns.Add(PoseColumns.Subject);
        var k = new List<float>();
        var p = new List<float>();
        var subjects = new List<string>();
        var rows = 0;
        foreach (var batch in data.GetBatches(DataViews.DefaultBatchSize, columns))
        {
            context.ThrowIfCancellationRequested();
            Append(batch, o.InputColumnName, joints * 2, k, what);
            Append(batch, o.LabelColumnName, joints * 3, p, what);
            if (hasSubject) subjects.AddRange(batch.GetTexts(PoseColumns.Subject).ToArray());
            rows += batch.RowCount;
        }
        return new GroupLifterData(k.ToArray(), p.ToArray(), hasSubject ? subjects.ToArray() : null, rows);
    }

    private static void Append(DataBatch batch, string column, int size, List<float> into, string what)
    {
        var values = batch.GetFloats(column);
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new DataFormatException(what, $"element {i % size} is {values[i]}; the group lifters need finite inputs and labels (drop rows with missing joints)", batch.StartRow + i / size + 1, column);
        }
        into.AddRange(values.ToArray());
    }

    /// <summary>The rows whose subject satisfies <paramref name="keep"/>.</summary>
    public GroupLifterData Where(Func<string, bool> keep, int joints)
    {
        var index = Enumerable.Range(0, Rows).Where(r => keep(Subjects![r])).ToArray();
        var k = new float[index.Length * joints * 2];
        var p = new float[index.Length * joints * 3];
        for (var i = 0; i < index.Length; i++)
        {
            Keypoints.AsSpan(index[i] * joints * 2, joints * 2).CopyTo(k.AsSpan(i * joints * 2));
            Poses.AsSpan(index[i] * joints * 3, joints * 3).CopyTo(p.AsSpan(i * joints * 3));
        }
        return new GroupLifterData(k, p, index.Select(r => Subjects![r]).ToArray(), index.Length);
    }
}
