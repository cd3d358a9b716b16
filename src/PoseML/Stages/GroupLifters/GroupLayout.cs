using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>Index maps between the skeleton, the grouped network's padded per-group blocks and the stacked
/// group rows. Group g owns network inputs [g·2m, (g+1)·2m) and outputs [g·3m, (g+1)·3m), m = the largest
/// group; smaller groups leave the tail of their block as zero padding (input zero, output ignored).</summary>
internal sealed class GroupLayout
{
    public GroupLayout(JointGroups groups)
    {
        Groups = groups;
        MaxGroupSize = groups.Groups.Max(g => g.Length);
        Rows = groups.RowCount;
        RowJoint = new int[Rows];
        RowGroup = new int[Rows];
        RowOutput = new int[Rows];
        RowInput = new int[Rows];
        for (var g = 0; g < groups.GroupCount; g++)
        {
            var members = groups.Groups[g];
            for (var k = 0; k < members.Length; k++)
            {
                var row = groups.RowOffset(g) + k;
                RowJoint[row] = members[k];
                RowGroup[row] = g;
                RowInput[row] = g * 2 * MaxGroupSize + 2 * k;
                RowOutput[row] = g * 3 * MaxGroupSize + 3 * k;
            }
        }
    }

    public JointGroups Groups { get; }

    public int MaxGroupSize { get; }

    public int Rows { get; }

    public int GroupCount => Groups.GroupCount;

    public int NetworkInputs => GroupCount * 2 * MaxGroupSize;

    public int NetworkOutputs => GroupCount * 3 * MaxGroupSize;

    /// <summary>Skeleton joint of each stacked row.</summary>
    public int[] RowJoint { get; }

    /// <summary>Group of each stacked row.</summary>
    public int[] RowGroup { get; }

    /// <summary>First network input (u) of each stacked row.</summary>
    public int[] RowInput { get; }

    /// <summary>First network output (x) of each stacked row.</summary>
    public int[] RowOutput { get; }

    /// <summary>Writes the network input of one frame from its z-scored 2D joints ([J, 2]).</summary>
    public void GatherInput(ReadOnlySpan<float> normalized2d, Span<float> networkInput)
    {
        for (var row = 0; row < Rows; row++)
        {
            var j = RowJoint[row];
            networkInput[RowInput[row]] = normalized2d[2 * j];
            networkInput[RowInput[row] + 1] = normalized2d[2 * j + 1];
        }
    }

    /// <summary>Writes the stacked centred group poses of one frame ([rows, 3]) from its 3D pose ([J, 3]).</summary>
    public void CentredTargets(ReadOnlySpan<float> pose, Span<float> stacked)
    {
        for (var g = 0; g < GroupCount; g++)
        {
            var members = Groups.Groups[g];
            double mx = 0, my = 0, mz = 0;
            foreach (var j in members)
            {
                mx += pose[3 * j];
                my += pose[3 * j + 1];
                mz += pose[3 * j + 2];
            }
            mx /= members.Length;
            my /= members.Length;
            mz /= members.Length;
            var offset = Groups.RowOffset(g);
            for (var k = 0; k < members.Length; k++)
            {
                var j = members[k];
                var r = 3 * (offset + k);
                stacked[r] = (float)(pose[3 * j] - mx);
                stacked[r + 1] = (float)(pose[3 * j + 1] - my);
                stacked[r + 2] = (float)(pose[3 * j + 2] - mz);
            }
        }
    }
}
