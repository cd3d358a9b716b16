namespace PoseML.Data.Mocap.Cmu;

/// <summary>What to do with a rest pose (T-pose) that a converter added as frame 0.</summary>
public enum RestPoseFrame
{
    /// <summary>Drop frame 0 when it looks like an added rest pose (see <c>BvhFile.HasRestPoseFrame</c>).</summary>
    Auto,
    /// <summary>Always drop frame 0.</summary>
    Drop,
    /// <summary>Never drop frame 0.</summary>
    Keep,
}
