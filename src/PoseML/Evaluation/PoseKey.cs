using System.Globalization;

namespace PoseML.Evaluation;

/// <summary>The key that matches a predicted row to its ground truth: (subject, action, camera, frame).</summary>
internal readonly record struct PoseKey(string Subject, string Action, int Camera, int Frame)
{
    /// <summary>The sequence the frame belongs to (the key without the frame).</summary>
    public (string Subject, string Action, int Camera) Sequence => (Subject, Action, Camera);

    /// <summary>E.g. <c>subject 'S1', action 'Walk', camera 0, frame 12</c> (<c>no camera</c> for
    /// <see cref="Data.PoseColumns.NoCamera"/>).</summary>
    public override string ToString() =>
        $"subject '{Subject}', action '{Action}', {(Camera == Data.PoseColumns.NoCamera ? "no camera" : "camera " + Camera.ToString(CultureInfo.InvariantCulture))}, frame {Frame.ToString(CultureInfo.InvariantCulture)}";
}
