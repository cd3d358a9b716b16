using PoseML.Core;
using PoseML.Data.Cameras;
using PoseML.Data.View;

namespace PoseML.Data.Synthetic;

/// <summary>The synthetic motion generator: subjects with distinct body proportions perform parametric
/// action families on a kinematic Human3.6M-17 model with anatomical joint limits, smooth trajectories,
/// global translation and heading, feet on the floor; filmed by a camera rig (Human3.6M's by default).
/// Deterministic: the same options give the same bits.</summary>
/// <remarks>
/// Model: each bone carries a local rotation (flexion about the segment's X, abduction about Y, axial
/// rotation about Z; knees and elbows are hinges, 0–150°; hips −25…125° flexion, shoulders −50…175°;
/// lumbar, thoracic and neck joints small ranges). Per take, the action's trajectories draw speed,
/// amplitude, phase, side, position and heading from a seed derived from (seed, subject, action, take);
/// a slow idle sway is added to the head, trunk and arms. Each frame the pelvis height is set so the
/// lower ankle is at the subject's ankle height (plus flight in runs and jumps). Walk, Run and
/// CrouchWalk follow a circle of 1.1–1.8 m radius around the rig's floor centre; other actions stand
/// within 0.8 m of it, facing any direction.
/// </remarks>
public static class SyntheticMotion
{
    /// <summary>Generates the world-frame poses (in memory) of every subject, action and take.</summary>
    /// <exception cref="InvalidOptionException">Non-positive subjects, takes, frames or frame rate, or no actions.</exception>
    public static SyntheticDataset Generate(SyntheticMotionOptions? options = null)
    {
        options ??= new SyntheticMotionOptions();
        Validate(options);
        var rig = options.Rig ?? H36MCameras.Rig();
        var bodies = Enumerable.Range(0, options.Subjects).Select(s => BodyProportions.Sample(s, options.Seed)).ToArray();
        var frames = options.FramesPerTake;
        var takeCount = options.Subjects * options.Actions.Length * options.TakesPerAction;
        var rows = checked(takeCount * frames);
        const int J = 17;
        var poses = new float[checked(rows * J * 3)];
        var subjects = new string[rows];
        var actions = new string[rows];
        var cameras = new int[rows];
        var frameNumbers = new int[rows];
        Array.Fill(cameras, PoseColumns.NoCamera);
        var takes = new List<SyntheticTake>(takeCount);
        Span<double> angles = stackalloc double[Dof.Count];
        Span<double> positions = stackalloc double[J * 3];
        var duration = frames / options.FramesPerSecond;
        var row = 0;
        for (var s = 0; s < bodies.Length; s++)
        {
            var model = new KinematicModel(bodies[s]);
            foreach (var action in options.Actions)
            {
                for (var take = 1; take <= options.TakesPerAction; take++)
                {
                    var name = $"{action} {take}";
                    takes.Add(new SyntheticTake(bodies[s].Subject, action, take, name, row, frames));
                    var motion = new TakeMotion(action, bodies[s], rig.FloorCentre, duration, SeedMix.Combine(options.Seed, s, (int)action, take));
                    for (var f = 0; f < frames; f++, row++)
                    {
                        motion.Evaluate(f / options.FramesPerSecond, angles, out var root);
                        model.Pose(angles, root, positions);
                        var target = poses.AsSpan(row * J * 3, J * 3);
                        for (var i = 0; i < target.Length; i++) target[i] = (float)positions[i];
                        subjects[row] = bodies[s].Subject;
                        actions[row] = name;
                        frameNumbers[row] = f;
                    }
                }
            }
        }
        var world = new DataViewBuilder()
            .AddText(PoseColumns.Subject, subjects)
            .AddText(PoseColumns.Action, actions)
            .AddInt(PoseColumns.Camera, cameras)
            .AddInt(PoseColumns.Frame, frameNumbers)
            .AddFloat(PoseColumns.Pose3D, poses, J, 3)
            .Build();
        return new SyntheticDataset(options, rig, bodies, takes, world);
    }

    private static void Validate(SyntheticMotionOptions o)
    {
        if (o.Subjects < 1) throw new InvalidOptionException(nameof(o.Subjects), $"must be ≥ 1, got {o.Subjects}");
        if (o.TakesPerAction < 1) throw new InvalidOptionException(nameof(o.TakesPerAction), $"must be ≥ 1, got {o.TakesPerAction}");
        if (o.FramesPerTake < 1) throw new InvalidOptionException(nameof(o.FramesPerTake), $"must be ≥ 1, got {o.FramesPerTake}");
        if (!(o.FramesPerSecond > 0) || !double.IsFinite(o.FramesPerSecond))
            throw new InvalidOptionException(nameof(o.FramesPerSecond), $"must be positive, got {o.FramesPerSecond}");
        if (o.Actions.IsDefaultOrEmpty) throw new InvalidOptionException(nameof(o.Actions), "name at least one action");
        foreach (var a in o.Actions)
        {
            if (!Enum.IsDefined(a)) throw new InvalidOptionException(nameof(o.Actions), $"unknown action {(int)a}; expected one of {string.Join(", ", Enum.GetNames<SyntheticAction>())}");
        }
        if (o.Actions.Distinct().Count() != o.Actions.Length)
            throw new InvalidOptionException(nameof(o.Actions), "an action is listed twice");
        if ((long)o.Subjects * o.Actions.Length * o.TakesPerAction * o.FramesPerTake * 51 > int.MaxValue)
            throw new InvalidOptionException(nameof(o.FramesPerTake), "too many frames for one in-memory dataset; generate fewer subjects, takes or frames");
    }
}
