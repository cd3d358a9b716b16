using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PoseML.Nn.Networks;
using PoseML.Pipeline.Search;
using PoseML.Stages.Consensus;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.DomainConversion;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.PoseConsensus;
using PoseML.Stages.RarePose;
using PoseML.Stages.Regression;

namespace PoseML.Pipeline.Persistence;

/// <summary>Source-generated JSON metadata of every type PoseML writes to manifests and trial logs, so that
/// models save and load in trimmed and file-based apps, where reflection-based JSON is off.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(GroupLifterOptions))]
[JsonSerializable(typeof(JointGroupSelectionOptions))]
[JsonSerializable(typeof(PoseConsensusOptions))]
[JsonSerializable(typeof(DeepPoseConsensusOptions))]
[JsonSerializable(typeof(LinearLifterOptions))]
[JsonSerializable(typeof(RarePoseOptions))]
[JsonSerializable(typeof(DomainConversionOptions))]
[JsonSerializable(typeof(ConsensusOptions))]
[JsonSerializable(typeof(GroupLifterEpoch[]))]
[JsonSerializable(typeof(TrialRecord))]
[JsonSerializable(typeof(TrialBudget))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(double?))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(int[][]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(LifterActivation))]
[JsonSerializable(typeof(JointGroupStrategy))]
[JsonSerializable(typeof(ConsensusSolverKind))]
[JsonSerializable(typeof(ConsensusGauge))]
[JsonSerializable(typeof(OccurrenceMode))]
[JsonSerializable(typeof(DomainConversionMethod))]
[JsonSerializable(typeof(HeatmapNormalization))]
[JsonSerializable(typeof(BudgetKind))]
internal sealed partial class PoseJsonContext : JsonSerializerContext;
