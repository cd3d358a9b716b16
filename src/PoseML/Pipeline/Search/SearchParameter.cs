using System.Globalization;
using System.Reflection;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Pipeline.Search;

/// <summary>One searchable option of a <see cref="SearchSpace"/>: a numeric range or a list of choices,
/// mapped from a unit coordinate u ∈ [0, 1] (tuners work in the unit cube, as ML.NET's do).</summary>
public sealed class SearchParameter
{
    internal SearchParameter(PropertyInfo property, RangeAttribute? range, ChoiceAttribute? choice)
    {
        Property = property;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        ValueType = type;
        if (range is not null)
        {
            if (type != typeof(int) && type != typeof(long) && type != typeof(float) && type != typeof(double))
                throw new InvalidOptionException(Name, $"[Range] needs an int, long, float or double property, found {type.Name}");
            if (!(range.Min <= range.Max) || double.IsInfinity(range.Min) || double.IsInfinity(range.Max))
                throw new InvalidOptionException(Name, $"[Range({range.Min}, {range.Max})] needs finite bounds with min <= max");
            if (range.Log && range.Min <= 0)
                throw new InvalidOptionException(Name, $"a log range needs a positive minimum, got {range.Min}");
            Min = range.Min;
            Max = range.Max;
            Log = range.Log;
            IsInteger = type == typeof(int) || type == typeof(long);
            if (IsInteger && (Min != Math.Floor(Min) || Max != Math.Floor(Max)))
                throw new InvalidOptionException(Name, $"an integer range needs integer bounds, got [{Min}, {Max}]");
            Choices = [];
        }
        else
        {
            var values = choice!.Values.Count == 0 && type.IsEnum ? Enum.GetValues(type).Cast<object>().ToArray() : choice.Values.ToArray();
            if (values.Length == 0) throw new InvalidOptionException(Name, "[Choice] needs at least one value (or an enum property)");
            Choices = values.Select(v => Convert(v, type)).ToArray();
        }
    }

    /// <summary>The option's property.</summary>
    public PropertyInfo Property { get; }

    /// <summary>The option's name (the property name).</summary>
    public string Name => Property.Name;

    /// <summary>The property's value type (nullable unwrapped).</summary>
    public Type ValueType { get; }

    /// <summary>True for a list of choices, false for a range.</summary>
    public bool IsChoice => Choices.Count > 0;

    /// <summary>Lower bound of a range.</summary>
    public double Min { get; }

    /// <summary>Upper bound of a range.</summary>
    public double Max { get; }

    /// <summary>Whether a range is searched in log space.</summary>
    public bool Log { get; }

    /// <summary>Whether a range holds integers.</summary>
    public bool IsInteger { get; }

    /// <summary>The choices (converted to <see cref="ValueType"/>); empty for a range.</summary>
    public IReadOnlyList<object> Choices { get; }

    /// <summary>The value at unit coordinate <paramref name="u"/> ∈ [0, 1]: a choice index ⌊u·n⌋, or a point of
    /// the range (log-uniform with <see cref="Log"/>; integers spread evenly, both bounds reachable).</summary>
    public object ValueAt(double u)
    {
        u = Math.Clamp(double.IsNaN(u) ? 0 : u, 0, 1);
        if (IsChoice) return Choices[Math.Min((int)(u * Choices.Count), Choices.Count - 1)];
        double v;
        if (IsInteger && !Log)
            v = Math.Min(Math.Floor(Min + u * (Max - Min + 1)), Max);
        else if (Log)
            v = u == 0 ? Min : u == 1 ? Max : Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min)));
        else
            v = Min + u * (Max - Min);
        if (IsInteger) v = Math.Clamp(Math.Round(v), Min, Max);
        else v = Math.Clamp(v, Min, Max);
        return Convert(v, ValueType);
    }

    /// <summary><paramref name="points"/> evenly spaced values of a range (in log space with <see cref="Log"/>;
    /// duplicates of an integer range removed), or every choice.</summary>
    public IReadOnlyList<object> GridValues(int points)
    {
        if (IsChoice) return Choices;
        if (points < 1) throw new InvalidOptionException("pointsPerRange", $"must be at least 1, got {points}");
        var values = new List<object>();
        for (var i = 0; i < points; i++)
        {
            var u = points == 1 ? 0.5 : (double)i / (points - 1);
            var v = IsInteger && !Log ? Convert(Math.Round(Min + u * (Max - Min)), ValueType) : ValueAt(u);
            if (!values.Contains(v)) values.Add(v);
        }
        return values;
    }

    /// <summary>E.g. <c>L2 ∈ [1E-06, 10] log</c> or <c>Width ∈ {256, 512}</c>.</summary>
    public override string ToString() => IsChoice
        ? $"{Name} ∈ {{{string.Join(", ", Choices.Select(c => string.Format(CultureInfo.InvariantCulture, "{0}", c)))}}}"
        : string.Create(CultureInfo.InvariantCulture, $"{Name} ∈ [{Min}, {Max}]{(Log ? " log" : "")}");

    private object Convert(object value, Type type)
    {
        try
        {
            if (type.IsEnum) return value is string s ? Enum.Parse(type, s) : Enum.ToObject(type, value);
            return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidOptionException(Name, $"choice '{value}' is not a {type.Name}");
        }
    }
}
