using System.Globalization;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Pipeline.Persistence;

/// <summary>The text form of column types and schemas used in model manifests: <c>float[17,2]</c>,
/// <c>int</c>, <c>text</c> (exactly <see cref="ColumnType.ToString"/>).</summary>
public static class ColumnTypeText
{
    /// <summary>Parses the text form. <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="DataFormatException">Not a valid column type.</exception>
    public static ColumnType Parse(string text, string source = "column type")
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = text.IndexOf('[');
        var kind = open < 0 ? text : text[..open];
        int[] shape = [];
        if (open >= 0)
        {
            if (!text.EndsWith(']'))
                throw new DataFormatException(source, $"column type '{text}' must look like float[17,3], int or text");
            var dims = text[(open + 1)..^1].Split(',');
            shape = new int[dims.Length];
            for (var i = 0; i < dims.Length; i++)
            {
                if (!int.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] <= 0)
                    throw new DataFormatException(source, $"column type '{text}' has a dimension that is not a positive integer");
            }
        }
        return kind switch
        {
            "float" => ColumnType.Float(shape),
            "int" => ColumnType.Int(shape),
            "text" when shape.Length == 0 => ColumnType.Text,
            _ => throw new DataFormatException(source, $"column type '{text}' must look like float[17,3], int or text"),
        };
    }
}
