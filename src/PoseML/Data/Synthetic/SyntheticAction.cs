namespace PoseML.Data.Synthetic;

/// <summary>The action families of the synthetic motion generator. Each is a parametric movement on
/// the kinematic model with per-take random speed, amplitude and phase.</summary>
public enum SyntheticAction
{
    /// <summary>Walking on a circle around the capture centre (heading turns with the path).</summary>
    Walk,
    /// <summary>Running on a circle, with a short flight phase each step.</summary>
    Run,
    /// <summary>Sitting down on a (virtual) chair and standing up again.</summary>
    SitDown,
    /// <summary>Squatting down and up, arms forward for balance.</summary>
    Squat,
    /// <summary>Reaching up or forward with alternating arms, trunk following.</summary>
    Reach,
    /// <summary>Raising one arm and waving.</summary>
    Wave,
    /// <summary>Front kicks with one leg.</summary>
    Kick,
    /// <summary>Vertical jumps: crouch, ballistic flight, landing.</summary>
    Jump,
    /// <summary>Bending forward at the hips to the floor and back up.</summary>
    Bend,
    /// <summary>Turning on the spot with small steps.</summary>
    Turn,
    /// <summary>Forward lunges, alternating legs.</summary>
    Lunge,
    /// <summary>Overarm throws: wind-up, throw, follow-through.</summary>
    Throw,
    /// <summary>Walking crouched (hips and knees flexed, trunk leaning forward).</summary>
    CrouchWalk,
}
