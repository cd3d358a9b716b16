using System.Globalization;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The consensus stage's saved state as one line of text (see <see cref="SavedStateChain"/>):
/// <c>poseml.consensus/1;solver=L21;mu=;tolerance=1E-06;iterations=500;root=0;joints=17;groups=0.1.4|2.3</c>.
/// Versioned, so a later format can still read this one.</summary>
public static class ConsensusState
{
    /// <summary>The format tag and version.</summary>
    public const string Header = "poseml.consensus/1";

    /// <summary>Writes the state.</summary>
    public static string Format(JointGroups groups, ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(';',
            Header,
            $"solver={options.Solver}",
            $"mu={(options.Mu is { } mu ? SavedStateChain.Number(mu) : "")}",
            $"tolerance={SavedStateChain.Number(options.Tolerance)}",
            $"iterations={options.MaxIterations}",
            $"root={options.RootJoint}",
            $"joints={groups.JointCount}",
            "groups=" + string.Join('|', groups.Groups.Select(g => string.Join('.', g))));
    }

    /// <summary>Reads a state written by <see cref="Format"/>.</summary>
    /// <exception cref="DataFormatException">The text is not such a state; the message names the field.</exception>
    public static (JointGroups Groups, ConsensusOptions Options) Parse(ReadOnlySpan<char> text)
    {
        const string source = "saved consensus state";
        var fields = text.ToString().Split(';');
        if (fields[0] != Header)
            throw new DataFormatException(source, $"expected '{Header}', found '{fields[0]}' (a model saved by a newer PoseML?)", field: "header");
        var values = new Dictionary<string, string>();
        foreach (var f in fields.Skip(1))
        {
            var eq = f.IndexOf('=');
            if (eq <= 0) throw new DataFormatException(source, $"expected key=value, found '{f}'");
            values[f[..eq]] = f[(eq + 1)..];
        }
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new DataFormatException(source, "missing", field: key);
        int Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new DataFormatException(source, $"expected an integer, found '{Get(key)}'", field: key);
        double Real(string key) => double.TryParse(Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new DataFormatException(source, $"expected a number, found '{Get(key)}'", field: key);
        if (!Enum.TryParse<ConsensusSolverKind>(Get("solver"), out var solver) || !Enum.IsDefined(solver))
            throw new DataFormatException(source, $"unknown solver '{Get("solver")}'", field: "solver");
        var groups = Get("groups").Split('|').Select(g => g.Split('.').Select(j =>
            int.TryParse(j, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new DataFormatException(source, $"expected joint indices, found '{g}'", field: "groups")));
        JointGroups jointGroups;
        try
        {
            jointGroups = new JointGroups(Int("joints"), groups.Select(g => g.ToArray()).ToArray());
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(source, e.Message, field: "groups", inner: e);
        }
        var options = new ConsensusOptions
        {
            Solver = solver,
            Mu = Get("mu").Length == 0 ? null : Real("mu"),
            Tolerance = Real("tolerance"),
            MaxIterations = Int("iterations"),
            RootJoint = Int("root"),
            MaxThreads = 1,
        };
        return (jointGroups, options);
    }
}
