using System.Text.Json;
using PoseML.Core;
using PoseML.Stages.DeepPoseConsensus;

namespace PoseML.Cli.Commands;

/// <summary>The model settings of <c>poseml train</c>, one per flag, and the preset JSON file that holds them.
/// A preset file is one flat JSON object whose keys are the flags without <c>--</c>, spelt exactly as the flags
/// (<c>{"preset": "martinez", "width": 256, "epochs": 20, "batch-size": 64, "solver": "l1"}</c>), with the
/// values the flags take. Unknown or mis-cased keys, values of the wrong type and nested objects are errors
/// naming the file and key. Precedence: flags over the file over the named preset it starts from (<c>"preset"</c>,
/// default dpcn).</summary>
internal static class TrainSettings
{
    internal enum Kind { Integer, Number, Boolean, Text }

    /// <summary>One setting: its key (= flag without <c>--</c>), the options property its validation errors name,
    /// the JSON type, and how it is applied.</summary>
    internal sealed record Setting(string Key, string Property, Kind Kind, Func<DeepPoseConsensusOptions, object, DeepPoseConsensusOptions> Apply);

    /// <summary>The key naming the built-in preset a file starts from.</summary>
    internal const string PresetKey = "preset";

    internal static readonly Setting[] All =
    [
        new("epochs", "Epochs", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { Epochs = (int)v } }),
        new("width", "Width", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { Width = (int)v } }),
        new("blocks", "ResidualBlocks", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { ResidualBlocks = (int)v } }),
        new("batch-size", "BatchSize", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { BatchSize = (int)v } }),
        new("lr", "LearningRate", Kind.Number, (o, v) => o with { Lifter = o.Lifter with { LearningRate = (double)v } }),
        new("dropout", "Dropout", Kind.Number, (o, v) => o with { Lifter = o.Lifter with { Dropout = (float)(double)v } }),
        new("patience", "Patience", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { Patience = (int)v } }),
        new("groups-size", "GroupSize", Kind.Integer, (o, v) => o with { Groups = o.Groups with { GroupSize = (int)v } }),
        new("coverage", "MinCoverage", Kind.Integer, (o, v) => o with { Groups = o.Groups with { MinCoverage = (int)v } }),
        new("lambda", "Lambda", Kind.Number, (o, v) => o with { Groups = o.Groups with { Lambda = (double)v } }),
        new("strategy", "Strategy", Kind.Text, (o, v) => o with { Groups = o.Groups with { Strategy = TrainCommand.ParseStrategy((string)v) } }),
        new("aggregation", "AggregationReading", Kind.Text, (o, v) => o with { Lifter = TrainCommand.ApplyAggregation(o.Lifter, (string)v) }),
        new("no-aggregation", "UseAggregationLoss", Kind.Boolean, (o, v) => o with { Lifter = o.Lifter with { UseAggregationLoss = o.Lifter.UseAggregationLoss && !(bool)v } }),
        new("aggregation-weight", "AggregationWeight", Kind.Number, (o, v) => o with { Lifter = o.Lifter with { AggregationWeight = (double)v } }),
        new("aggregation-warmup", "AggregationWarmupEpochs", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { AggregationWarmupEpochs = (int)v } }),
        new("solver", "Solver", Kind.Text, (o, v) => o with { Consensus = o.Consensus with { Solver = TrainCommand.ParseSolver((string)v) } }),
        new("seed", "Seed", Kind.Integer, (o, v) => o with { Lifter = o.Lifter with { Seed = (int)v }, Groups = o.Groups with { Seed = (int)v } }),
    ];

    /// <summary>Every key a preset file accepts, in the order <c>train --help</c> lists them.</summary>
    internal static string AcceptedKeys => string.Join(", ", new[] { PresetKey }.Concat(All.Select(s => s.Key)));

    /// <summary>Reads a preset file: the named preset it starts from and its settings, typed; every problem is a
    /// <see cref="DataFormatException"/> naming the file and the key as written.</summary>
    internal static (string Preset, List<(Setting Setting, object Value)> Values) ReadFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"not valid JSON: {e.Message}", (e.LineNumber ?? 0) + 1);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, $"expected a JSON object of train settings such as {{\"width\": 256, \"epochs\": 20}}, found {Describe(root)}; keys: {AcceptedKeys}");
            var preset = "dpcn";
            var values = new List<(Setting, object)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                var key = property.Name;
                if (!seen.Add(key)) throw new DataFormatException(path, "key given twice", field: key);
                if (key == PresetKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() is not ("dpcn" or "dpcn-paper" or "martinez" or "martinez-leaky"))
                        throw new DataFormatException(path, $"expected \"dpcn\", \"dpcn-paper\", \"martinez\" or \"martinez-leaky\", found {Describe(property.Value)}", field: key);
                    preset = property.Value.GetString()!;
                    continue;
                }
                var setting = All.FirstOrDefault(s => s.Key == key)
                    ?? throw new DataFormatException(path, $"unknown key{Suggest(key)}; a preset file is one flat object whose keys are the train flags without '--': {AcceptedKeys}", field: key);
                values.Add((setting, Read(setting, property.Value, path)));
            }
            return (preset, values);
        }
    }

    private static object Read(Setting setting, JsonElement value, string path)
    {
        switch (setting.Kind)
        {
            case Kind.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i):
                return i;
            case Kind.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d):
                return d;
            case Kind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean();
            case Kind.Text when value.ValueKind == JsonValueKind.String:
                try
                {
                    setting.Apply(new DeepPoseConsensusOptions(), value.GetString()!);
                }
                catch (InvalidOptionException e)
                {
                    throw new DataFormatException(path, Detail(e), field: setting.Key);
                }
                return value.GetString()!;
        }
        var expected = setting.Kind switch
        {
            Kind.Integer => "an integer",
            Kind.Number => "a number",
            Kind.Boolean => "true or false",
            _ => "a string",
        };
        throw new DataFormatException(path, $"expected {expected}, found {Describe(value)}", field: setting.Key);
    }

    /// <summary>Rewrites an <see cref="InvalidOptionException"/> from <see cref="DeepPoseConsensusOptions.Validate"/>
    /// (which names C# properties) in the words the user wrote: <c>--width</c>, or the key of the preset file.</summary>
    internal static PoseMLException Translate(InvalidOptionException e, IReadOnlyDictionary<string, string?> origins)
    {
        var property = e.Option.Split('.')[^1];
        var setting = All.FirstOrDefault(s => s.Property == property);
        if (setting is null) return e;
        return origins.TryGetValue(setting.Key, out var file) && file is not null
            ? new DataFormatException(file, Detail(e), field: setting.Key)
            : new InvalidOptionException("--" + setting.Key, Detail(e));
    }

    private static string Detail(InvalidOptionException e)
    {
        var prefix = $"option '{e.Option}': ";
        return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
    }

    private static string Suggest(string key)
    {
        static string Fold(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        var folded = Fold(key);
        var match = new[] { PresetKey }.Concat(All.Select(s => s.Key)).FirstOrDefault(k => Fold(k) == folded);
        return match is null ? "" : $" (did you mean '{match}'? keys are spelt as the flags)";
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object (settings are not nested)",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };
}
