using IDataView = Microsoft.ML.IDataView;
using System.Globalization;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Pipeline.CrossValidation;

/// <summary>Assigns the values of a sampling-key column (e.g. subjects) to folds so that each value lands
/// in exactly one fold (DESIGN.md §3.10): the distinct values are sorted ordinally, shuffled with the seed
/// and dealt round-robin, so fold sizes (in keys) differ by at most one and the same seed gives the same folds.</summary>
public static class FoldAssignment
{
    /// <summary>Fold index (0-based) of each key value.</summary>
    /// <exception cref="InvalidOptionException">Fewer than 2 folds, or fewer distinct keys than folds.</exception>
    public static IReadOnlyDictionary<string, int> Assign(IEnumerable<string> keys, int numberOfFolds, int seed, string keyColumn = "key")
    {
        if (numberOfFolds < 2) throw new InvalidOptionException("numberOfFolds", $"must be at least 2, got {numberOfFolds}");
        var distinct = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (distinct.Length < numberOfFolds)
            throw new InvalidOptionException("numberOfFolds", $"{numberOfFolds} folds need at least {numberOfFolds} distinct values of '{keyColumn}', found {distinct.Length} ({string.Join(", ", distinct)})");
        new Random(seed).Shuffle(distinct);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++) result[distinct[i]] = i % numberOfFolds;
        return result;
    }

    /// <summary>The key of each row of <paramref name="column"/> (text, or int written invariantly).</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or is neither a scalar text nor a scalar int.</exception>
    public static string[] ReadKeys(IDataView data, string column)
    {
        var c = data.Columns()[column];
        if (c.Type.Equals(ColumnType.Text)) return data.ReadTexts(column);
        if (c.Type.Equals(ColumnType.Int())) return data.ReadInts(column).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        throw new SchemaMismatchException(column, $"a sampling key must be text or int, found {c.Type}");
    }

    /// <summary>A lazy filter of the rows whose key is (or, with <paramref name="inSet"/> false, is not) in <paramref name="keys"/>.</summary>
    public static IDataView FilterByKeys(IDataView data, string column, IReadOnlySet<string> keys, bool inSet)
    {
        var type = data.Columns()[column].Type;
        if (type.Kind == DataKind.Text)
            return data.Filter([column], (b, r) => keys.Contains(b.GetTexts(column)[r]) == inSet);
        return data.Filter([column], (b, r) => keys.Contains(b.GetInts(column)[r].ToString(CultureInfo.InvariantCulture)) == inSet);
    }
}
