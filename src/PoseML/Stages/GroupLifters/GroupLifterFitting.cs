using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Nn.Networks;
using PoseML.MLNet;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>What a group-lifter fit produces: the trained network, its z-scores and the run's record.</summary>
internal sealed record GroupLifterFit(GroupNormalization Normalization, LifterNetwork Network, List<GroupLifterEpoch> History, int BestEpoch,
    int TrainingRows, int ValidationRows, string[] HeldOutSubjects);

/// <summary>The fit of the group lifters shared by the PoseML and ML.NET estimators: reads the rows, holds out
/// validation subjects, z-scores, trains (<see cref="GroupLifterTrainer"/>). Schemas are checked by the callers.</summary>
internal static class GroupLifterFitting
{
    public static GroupLifterFit Fit(PoseRunContext context, GroupLifterOptions options, JointGroups groups, IDataView train, IDataView? validation)
    {
        var joints = groups.JointCount;
        var data = GroupLifterData.Read(train, options, joints, "training data", context);
        GroupLifterData? valid = null;
        string[] heldOut = [];
        if (validation is not null)
        {
            valid = GroupLifterData.Read(validation, options, joints, "validation data", context);
        }
        else if (options.ValidationSubjects > 0 && data.Subjects is { } subjects)
        {
            var distinct = subjects.Distinct().Order(StringComparer.Ordinal).ToArray();
            if (distinct.Length > options.ValidationSubjects)
            {
                heldOut = distinct[^options.ValidationSubjects..];
                var held = heldOut.ToHashSet();
                valid = data.Where(held.Contains, joints);
                data = data.Where(s => !held.Contains(s), joints);
            }
        }
        if (data.Rows < 2) throw new DataFormatException("training data", $"{data.Rows} rows; the group lifters need at least 2 (batch normalisation)", field: options.InputColumnName);
        if (valid is { Rows: 0 }) valid = null;
        var layout = new GroupLayout(groups);
        var norm = GroupNormalization.Fit(data, layout, joints);
        var (network, history, bestEpoch) = new GroupLifterTrainer(context, options, layout, norm, joints).Train(data, valid);
        return new GroupLifterFit(norm, network, history, bestEpoch, data.Rows, valid?.Rows ?? 0, valid is null ? [] : heldOut);
    }
}
