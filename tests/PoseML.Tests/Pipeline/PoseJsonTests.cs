using System.Text.Json;
using PoseML.Pipeline.Persistence;
using PoseML.Pipeline.Search;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.DomainConversion;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.PoseConsensus;
using PoseML.Stages.RarePose;
using PoseML.Stages.Regression;

namespace PoseML.Tests.Pipeline;

/// <summary>File-based and trimmed apps turn reflection-based JSON off: every type PoseML saves must have
/// source-generated metadata (tests/readme-snippets.sh runs the README that way end to end).</summary>
[TestClass]
public sealed class PoseJsonTests
{
    [TestMethod]
    [DataRow(typeof(GroupLifterOptions))]
    [DataRow(typeof(JointGroupSelectionOptions))]
    [DataRow(typeof(PoseConsensusOptions))]
    [DataRow(typeof(DeepPoseConsensusOptions))]
    [DataRow(typeof(LinearLifterOptions))]
    [DataRow(typeof(RarePoseOptions))]
    [DataRow(typeof(DomainConversionOptions))]
    [DataRow(typeof(GroupLifterEpoch[]))]
    [DataRow(typeof(TrialRecord))]
    [DataRow(typeof(int[][]))]
    public void SavedTypes_RoundTripWithoutReflection(Type type)
    {
        var sourceGenerated = new JsonSerializerOptions(PoseJson.Compact) { TypeInfoResolver = PoseJsonContext.Default };
        Assert.IsNotNull(PoseJsonContext.Default.GetTypeInfo(type), type.Name);
        if (type.IsArray || type == typeof(TrialRecord)) return;
        var value = Activator.CreateInstance(type)!;
        var json = JsonSerializer.Serialize(value, type, sourceGenerated);
        Assert.AreEqual(value, JsonSerializer.Deserialize(json, type, sourceGenerated), json);
        StringAssert.DoesNotMatch(json, new System.Text.RegularExpressions.Regex("\"(Activation|Strategy|Solver|Mode|Method)\":\\d"), "enums are written by name");
    }
}
