"""Course builder for trainers (issue #6): a timed, cited training module on a topic.

    from veiviser.course import CourseBuilder
    course = CourseBuilder(settings).build("koordinatorrollen", "nye koordinatorer", minutes=45)
    course.as_dict()   # title, goals, key_points, case, quiz, guide, sources

Exports: `veiviser.course.export.render_course(course, "md" | "docx" | "pptx")`.
"""

from veiviser.course.builder import CourseBuilder, CourseError
from veiviser.course.model import Case, CaseQuestion, Course, CourseCitation, GuideStep, KeyPoint, QuizQuestion

__all__ = [
    "Case",
    "CaseQuestion",
    "Course",
    "CourseBuilder",
    "CourseCitation",
    "CourseError",
    "GuideStep",
    "KeyPoint",
    "QuizQuestion",
]
