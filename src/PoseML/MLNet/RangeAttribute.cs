namespace PoseML.MLNet;

/// <summary>Declares the search range of a numeric option (int, long, float or double) on its options
/// type, so that a hyper-parameter sweep is data (ML.NET <c>Microsoft.ML.SearchSpace</c>'s <c>Range</c>).
/// With <see cref="Log"/>, values are spread uniformly in log space (both bounds must then be positive).</summary>
/// <example><c>[Range(1e-6, 10, log: true)] public double L2 { get; init; } = Defaults.L2;</c></example>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class RangeAttribute : Attribute
{
    /// <summary>A range of real values [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public RangeAttribute(double min, double max, bool log = false)
    {
        Min = min;
        Max = max;
        Log = log;
    }

    /// <summary>A range of integers [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
    public RangeAttribute(int min, int max, bool log = false) : this((double)min, max, log) { }

    /// <summary>Lower bound (included).</summary>
    public double Min { get; }

    /// <summary>Upper bound (included).</summary>
    public double Max { get; }

    /// <summary>Whether values are spread uniformly in log space.</summary>
    public bool Log { get; }
}

/// <summary>Declares the values an option may take in a sweep: enum members, strings or numbers
/// (ML.NET <c>Microsoft.ML.SearchSpace</c>'s <c>Choice</c>). On an enum property, no values means every member.</summary>
/// <example><c>[Choice(256, 512, 1024)] public int Width { get; init; } = 1024;</c></example>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ChoiceAttribute : Attribute
{
    /// <summary>The values to choose from, in order.</summary>
    public ChoiceAttribute(params object[] values)
    {
        Values = values ?? [];
    }

    /// <summary>The values, as written (converted to the property's type when the search space is built).</summary>
    public IReadOnlyList<object> Values { get; }
}
