using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Pipeline.Persistence;

using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
namespace PoseML.Pipeline.Search;

/// <summary>The searchable options of an options type, found by reflection from their
/// <see cref="RangeAttribute"/> and <see cref="ChoiceAttribute"/> declarations (DESIGN.md §3.11).</summary>
public class SearchSpace
{
    private readonly SearchParameter[] _parameters;

    /// <summary>Builds the space of <paramref name="optionsType"/>: every public instance property with a
    /// <c>[Range]</c> or <c>[Choice]</c> and a setter (an <c>init</c> accessor counts).</summary>
    /// <exception cref="InvalidOptionException">An attribute does not fit its property, or no property is searchable.</exception>
    public SearchSpace(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        OptionsType = optionsType;
        var list = new List<SearchParameter>();
        foreach (var p in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var range = p.GetCustomAttribute<RangeAttribute>();
            var choice = p.GetCustomAttribute<ChoiceAttribute>();
            if (range is null && choice is null) continue;
            if (range is not null && choice is not null)
                throw new InvalidOptionException(p.Name, "has both [Range] and [Choice]; keep one");
            if (p.SetMethod is null || !p.SetMethod.IsPublic)
                throw new InvalidOptionException(p.Name, "is searchable but has no public set or init accessor");
            list.Add(new SearchParameter(p, range, choice));
        }
        if (list.Count == 0)
            throw new InvalidOptionException(optionsType.Name, "declares no [Range] or [Choice] property; nothing to search");
        _parameters = list.ToArray();
    }

    /// <summary>The options type.</summary>
    public Type OptionsType { get; }

    /// <summary>The searchable options, in declaration order.</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>The parameter values at a point of the unit cube (one coordinate per parameter).</summary>
    public IReadOnlyDictionary<string, object> ValuesAt(IReadOnlyList<double> unit)
    {
        if (unit.Count != _parameters.Length)
            throw new InvalidOptionException(nameof(unit), $"expected {_parameters.Length} coordinates, got {unit.Count}");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < _parameters.Length; i++) values[_parameters[i].Name] = _parameters[i].ValueAt(unit[i]);
        return values;
    }

    /// <summary>A copy of <paramref name="baseline"/> with the given parameters set (a <c>with</c> expression
    /// done by reflection: records are cloned through their copy constructor, other classes member-wise).</summary>
    public object Apply(object baseline, IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (!OptionsType.IsInstanceOfType(baseline))
            throw new InvalidOptionException(nameof(baseline), $"expected a {OptionsType.Name}, got {baseline.GetType().Name}");
        var clone = Clone(baseline);
        foreach (var (name, value) in values)
        {
            var p = _parameters.FirstOrDefault(x => x.Name == name)
                ?? throw new InvalidOptionException(name, $"is not a searchable option of {OptionsType.Name}");
            p.Property.SetValue(clone, value);
        }
        return clone;
    }

    /// <summary>The parameter values as a JSON object (what trial logs record).</summary>
    public static JsonObject ToJson(IReadOnlyDictionary<string, object> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = JsonSerializer.SerializeToNode(v, v.GetType(), PoseJson.Compact);
        return o;
    }

    /// <summary>Reads parameter values written by <see cref="ToJson"/> (e.g. from a trial log) back into typed values.</summary>
    /// <exception cref="InvalidOptionException">A name is not a parameter of this space, or a value has the wrong type.</exception>
    public IReadOnlyDictionary<string, object> FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, node) in json)
        {
            var p = _parameters.FirstOrDefault(x => x.Name == name)
                ?? throw new InvalidOptionException(name, $"is not a searchable option of {OptionsType.Name}");
            try
            {
                values[name] = node.Deserialize(p.ValueType, PoseJson.Compact)
                    ?? throw new InvalidOptionException(name, "is null");
            }
            catch (JsonException e)
            {
                throw new InvalidOptionException(name, $"value {node?.ToJsonString()} is not a {p.ValueType.Name}: {e.Message}");
            }
        }
        return values;
    }

    /// <summary>E.g. <c>L2 ∈ [1E-06, 10] log; Width ∈ {256, 512}</c>.</summary>
    public override string ToString() => string.Join("; ", _parameters.Select(p => p.ToString()));

    private static object Clone(object value)
    {
        var type = value.GetType();
        var recordClone = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (recordClone is not null) return recordClone.Invoke(value, null)!;
        var memberwise = typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.NonPublic | BindingFlags.Instance)!;
        return memberwise.Invoke(value, null)!;
    }
}

/// <summary>The search space of <typeparamref name="TOptions"/> (typically a stage's options record).</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public sealed class SearchSpace<TOptions> : SearchSpace where TOptions : class
{
    /// <summary>Builds the space from <typeparamref name="TOptions"/>'s attributes.</summary>
    public SearchSpace() : base(typeof(TOptions)) { }

    /// <summary>A copy of <paramref name="baseline"/> with the given parameters set.</summary>
    public TOptions Apply(TOptions baseline, IReadOnlyDictionary<string, object> values) => (TOptions)base.Apply(baseline, values);
}
