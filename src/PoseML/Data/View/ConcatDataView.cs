using Microsoft.ML;
using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>A lazy view of several views with identical schemas, one after the other.</summary>
public sealed class ConcatDataView : BatchDataView
{
    private readonly IDataView[] _parts;

    /// <summary>Creates the view; every part must have the first part's schema.</summary>
    public ConcatDataView(IReadOnlyList<IDataView> parts)
    {
        if (parts.Count == 0) throw new InvalidOptionException(nameof(parts), "concatenation needs at least one data view");
        var first = parts[0].Columns();
        for (var p = 1; p < parts.Count; p++)
        {
            var s = parts[p].Columns();
            if (s.Count != first.Count)
                throw new SchemaMismatchException(s.Count > first.Count ? s[first.Count].Name : first[s.Count].Name,
                    $"part {p} has {s.Describe()}, part 0 has {first.Describe()}");
            for (var i = 0; i < s.Count; i++)
            {
                if (s[i].Name != first[i].Name || !s[i].Type.Equals(first[i].Type))
                    throw new SchemaMismatchException(first[i].Name, $"part {p} has {s[i]} where part 0 has {first[i]}");
            }
        }
        _parts = parts.ToArray();
        Columns = first;
        RowCount = _parts.All(p => p.RowCount().HasValue) ? _parts.Sum(p => p.RowCount()!.Value) : null;
    }

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount { get; }

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        long offset = 0;
        foreach (var part in _parts)
        {
            foreach (var batch in part.GetBatches(batchSize, columns))
            {
                yield return batch.Renumber(offset);
                offset += batch.RowCount;
            }
        }
    }
}
